/**
 * The platform wires a declared department the same way for every department: one HTTP client
 * per declared system (configured URL, declared tuning), adapters made once and shared by every
 * request and the deliveries, loaders made per request, a worker only where there is something
 * to deliver, and the department's context hook given the platform's services.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeliveryHandler } from '../delivery/worker';
import type { HttpClient } from '../http/client';
import { createLogger } from '../logger';
import type { RequestContext } from '../server/subgraph';
import { buildDepartment, defineDepartment, departmentConfig, DepartmentSetupError, type DepartmentContext, type DepartmentServices } from '.';

const logger = createLogger('test', 'silent');
const base: RequestContext = { requestId: 'r1', caller: null, purpose: null, logger };

/** A real HTTP server on port 0 answering 500 to everything, counting the requests. */
async function failingSystem(): Promise<{ url: string; served: () => number; close: () => Promise<void> }> {
  let served = 0;
  const server: Server = createServer((_req, res) => {
    served++;
    res.writeHead(500).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    served: () => served,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

interface Adapters {
  client: HttpClient;
}
interface Loaders {
  madeFor: number;
}

/** A department of one system whose adapter is the platform's client itself, recording what the platform hands it. */
function probeDepartment(handlers: DeliveryHandler[] = []) {
  const deliveredWith: Adapters[] = [];
  let loadersMade = 0;
  const department = defineDepartment({
    name: 'hrss',
    systems: { SOCIAL_INSURANCE: { retries: 4, backoffBaseMs: 1 } },
    adapters: (clients) => ({ client: clients.SOCIAL_INSURANCE }),
    loaders: (): Loaders => ({ madeFor: ++loadersMade }),
    resolvers: {},
    deliveries: (adapters: Adapters) => {
      deliveredWith.push(adapters);
      return handlers;
    },
  });
  return { department, deliveredWith };
}

interface WaitContext extends DepartmentContext<Adapters, Loaders> {
  waitMs: number;
  stores: [DepartmentServices['intakes'], DepartmentServices['audit']];
}

describe('a department built by the platform', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'department-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const configFor = (env: NodeJS.ProcessEnv = {}) => departmentConfig(probeDepartment().department, { DATA_DIR: dataDir, SYSTEM_TIMEOUT_MS: '10000', ...env });

  it('closes the connection pools of its systems with the subgraph, and a second close does not throw', async () => {
    const system = await failingSystem();
    const { department } = probeDepartment();
    const def = buildDepartment(department, configFor({ SOCIAL_INSURANCE_URL: system.url }), logger);
    const { client } = def.context(base).adapters;
    await expect(client.request({ method: 'GET', path: '/x', accept: [500] })).resolves.toMatchObject({ status: 500 });
    await def.close?.();
    await expect(def.close?.()).resolves.toBeUndefined();
    // Closed, not merely idle: the pool refuses further calls (without a network attempt).
    await expect(client.request({ method: 'GET', path: '/x', accept: [500] })).rejects.toMatchObject({ code: 'SYSTEM_UNAVAILABLE', system: 'SOCIAL_INSURANCE' });
    expect(system.served()).toBe(1);
    await system.close();
  });

  it('reaches each system through one client at the configured URL, tuned as the department declares', async () => {
    const system = await failingSystem();
    const { department } = probeDepartment();
    const def = buildDepartment(department, configFor({ SOCIAL_INSURANCE_URL: system.url }), logger);
    const ctx = def.context(base);
    await expect(ctx.adapters.client.request({ method: 'GET', path: '/x' })).rejects.toMatchObject({ code: 'SYSTEM_ERROR', system: 'SOCIAL_INSURANCE' });
    // retries: 4 → the first attempt and four more.
    expect(system.served()).toBe(5);
    await def.close?.();
    await system.close();
  });

  it('shares one set of adapters between every request and the deliveries, with new loaders per request', async () => {
    const { department, deliveredWith } = probeDepartment();
    const def = buildDepartment(department, configFor(), logger);
    const [first, second] = [def.context(base), def.context({ ...base, requestId: 'r2' })];
    expect(second.adapters).toBe(first.adapters);
    expect(deliveredWith).toEqual([first.adapters]);
    expect(deliveredWith[0]).toBe(first.adapters);
    expect([first.loaders.madeFor, second.loaders.madeFor]).toEqual([1, 2]);
    expect(second.requestId).toBe('r2');
    await def.close?.();
  });

  it('runs a delivery worker only for a department that has something to deliver', async () => {
    const quiet = buildDepartment(probeDepartment([]).department, configFor(), logger);
    const handler: DeliveryHandler = { system: 'SOCIAL_INSURANCE', deliver: async () => ({ status: 'NOT_APPLICABLE', forms: [] }) };
    const delivering = buildDepartment(probeDepartment([handler]).department, configFor(), logger);
    expect([quiet.background?.length, delivering.background?.length]).toEqual([0, 1]);
    await Promise.all([quiet.close?.(), delivering.close?.()]);
  });

  it('opens no intake store for a department that delivers nothing and reads no intakes', async () => {
    const ownDir = mkdtempSync(join(tmpdir(), 'department-quiet-'));
    const def = buildDepartment(probeDepartment([]).department, departmentConfig(probeDepartment().department, { DATA_DIR: ownDir }), logger);
    def.context(base);
    await def.close?.();
    expect(existsSync(join(ownDir, 'intake.sqlite'))).toBe(false);
    expect(existsSync(join(ownDir, 'audit.sqlite'))).toBe(true);
    rmSync(ownDir, { recursive: true, force: true });
  });

  it('gives a context hook the platform’s intake store, audit log and config', async () => {
    const { department } = probeDepartment();
    const withWait = defineDepartment<'SOCIAL_INSURANCE', Adapters, Loaders, WaitContext>({
      ...department,
      context: (ctx, services) => ({ ...ctx, waitMs: services.config.intakeWaitMs, stores: [services.intakes, services.audit] }),
    });
    const def = buildDepartment(withWait, configFor({ INTAKE_WAIT_MS: '1234' }), logger);
    const ctx = def.context(base);
    expect(ctx.waitMs).toBe(1234);
    await expect(ctx.stores[0].listUnconfirmed('510114001001')).resolves.toEqual([]);
    await expect(ctx.stores[1].verify()).resolves.toMatchObject({ valid: true });
    await def.close?.();
  });

  it('refuses a config made for another department, naming the system it lacks', () => {
    const { department } = probeDepartment();
    const civilAffairsConfig = departmentConfig({ name: 'civil-affairs', systems: { SOCIAL_ASSISTANCE: {} } }, { DATA_DIR: dataDir });
    expect(() => buildDepartment(department, civilAffairsConfig, logger)).toThrow(DepartmentSetupError);
    expect(() => buildDepartment(department, civilAffairsConfig, logger)).toThrow(/has no URL for SOCIAL_INSURANCE/);
  });
});
