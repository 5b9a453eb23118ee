/**
 * Every service validates its environment at start-up: a bad value stops the process with a
 * readable message naming the variable and the rule, before anything listens.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { subgraphTimeoutMs } from '../gateway/app';
import { gatewayConfig } from '../gateway/config';
import { subgraphConfig } from '../platform/server/runSubgraph';
import { departmentConfig } from '../platform/department';

const ROOT = join(__dirname, '..');

function start(entry: string, env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, entry)], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 30_000 });
}

describe('configuration validated at start-up', () => {
  it.each([
    ['gateway/main.ts', { GATEWAY_PORT: 'eighty' }, 'GATEWAY_PORT'],
    ['gateway/main.ts', { NODE_ENV: 'production' }, 'JWT_SECRET'],
    ['subgraphs/hrss/main.ts', { SOCIAL_INSURANCE_URL: 'ftp://example' }, 'SOCIAL_INSURANCE_URL'],
    ['subgraphs/community/main.ts', { DELIVERY_MAX_ATTEMPTS: '0' }, 'DELIVERY_MAX_ATTEMPTS'],
    ['systems/social-assistance/main.ts', { SOCIAL_ASSISTANCE_PORT: '70000' }, 'SOCIAL_ASSISTANCE_PORT'],
  ])('%s with %j exits 1 naming %s', (entry, env, variable) => {
    const run = start(entry, env);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('could not start: Invalid configuration');
    expect(run.stderr).toContain(variable);
  });
});

describe('the internal secret in production', () => {
  const production = { NODE_ENV: 'production', JWT_SECRET: 'a-production-jwt-secret-of-enough-length' };

  it.each([
    ['the gateway', () => gatewayConfig(production)],
    ['a subgraph', () => subgraphConfig('hrss', ['SOCIAL_INSURANCE'], production)],
    // Reconciliation is served in the department shape too, with no systems of its own.
    ['reconciliation', () => departmentConfig({ name: 'reconciliation', systems: {} }, production)],
  ])('%s refuses to start with the development GATEWAY_SUBGRAPH_SECRET', (_name, load) => {
    expect(load).toThrow(/GATEWAY_SUBGRAPH_SECRET/);
  });

  it('starts with a secret of its own', () => {
    expect(gatewayConfig({ ...production, GATEWAY_SUBGRAPH_SECRET: 'our-own-internal-secret-of-enough-length' }).gatewaySecret).toBe('our-own-internal-secret-of-enough-length');
  });
});

describe("the gateway's time budget per subgraph", () => {
  it('waits for reconciliation (a whole-district read) longer than for a department, each settable', () => {
    const defaults = gatewayConfig({});
    expect(subgraphTimeoutMs(defaults, 'hrss')).toBe(10_000);
    expect(subgraphTimeoutMs(defaults, 'reconciliation')).toBe(35_000);
    const set = gatewayConfig({ SUBGRAPH_TIMEOUT_MS: '8000', RECONCILIATION_SUBGRAPH_TIMEOUT_MS: '60000' });
    expect([subgraphTimeoutMs(set, 'community'), subgraphTimeoutMs(set, 'reconciliation')]).toEqual([8000, 60_000]);
  });
});
