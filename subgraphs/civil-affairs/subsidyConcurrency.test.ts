/**
 * The SOAP subsidy system takes one record per call: civil affairs reads a list of residents
 * with at most the system's configured concurrency of calls in flight, through the department's
 * own wiring (config → clients → adapters → loaders), measured at the stand-in itself.
 */
import { NO_CACHE } from '../../platform/cache';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { departmentConfig } from '../../platform/department';
import { systemClients } from '../../platform/department/clients';
import { listen, type RunningServer } from '../../platform/server/listen';
import { elderlyDisabilitySubsidyStandIn } from '../../systems/elderly-disability-subsidy/standIn';
import { population } from '../../systems/seed/population';
import { createStandIn, type StandIn } from '../../systems/shared/standIn';
import { SUBSIDY_CONCURRENCY } from './loaders';
import { civilAffairsDepartment } from './subgraph';

describe('civil affairs reads the SOAP subsidy system at its configured concurrency', () => {
  const dir = mkdtempSync(join(tmpdir(), 'soap-concurrency-'));
  let standIn: StandIn;
  let running: RunningServer;
  let inFlight = 0;
  let mostInFlight = 0;
  const ids = population().residents.slice(0, 24).map((r) => r.idNumber);

  beforeAll(async () => {
    // Slow enough that calls overlap whenever the loader lets them.
    standIn = createStandIn(elderlyDisabilitySubsidyStandIn, { dataDir: dir, baseLatencyMs: 60 });
    running = await listen(standIn.app, 0);
    running.server.on('request', (_req, res) => {
      mostInFlight = Math.max(mostInFlight, ++inFlight);
      res.on('close', () => inFlight--);
    });
  });
  beforeEach(() => (mostInFlight = 0));
  afterAll(async () => {
    running.server.closeAllConnections();
    await running.close();
    standIn.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function readAll(env: NodeJS.ProcessEnv) {
    const config = departmentConfig(civilAffairsDepartment, { CIVIL_AFFAIRS_PORT: '0', ELDERLY_DISABILITY_SUBSIDY_URL: running.url, SYSTEM_TIMEOUT_MS: '30000', ...env });
    const clients = systemClients(civilAffairsDepartment, config);
    const loaders = civilAffairsDepartment.loaders(civilAffairsDepartment.adapters(clients, config), NO_CACHE);
    try {
      const records = await loaders.subsidies.loadMany(ids);
      expect(records.filter((r) => r instanceof Error)).toEqual([]);
      return clients.ELDERLY_DISABILITY_SUBSIDY.concurrency;
    } finally {
      await Promise.all(Object.values(clients).map((c) => c.close()));
    }
  }

  it('uses ELDERLY_DISABILITY_SUBSIDY_CONCURRENCY when it is set', async () => {
    await expect(readAll({ ELDERLY_DISABILITY_SUBSIDY_CONCURRENCY: '3' })).resolves.toBe(3);
    expect(mostInFlight).toBe(3);
  });

  it('uses the concurrency the department declares otherwise', async () => {
    await expect(readAll({})).resolves.toBe(SUBSIDY_CONCURRENCY);
    expect(mostInFlight).toBeGreaterThan(3);
    expect(mostInFlight).toBeLessThanOrEqual(SUBSIDY_CONCURRENCY);
  });

  it('refuses a concurrency that is not a whole number from 1 to 64, naming the variable', () => {
    for (const bad of ['0', '65', 'many', '2.5']) {
      expect(() => departmentConfig(civilAffairsDepartment, { ELDERLY_DISABILITY_SUBSIDY_CONCURRENCY: bad })).toThrow(/ELDERLY_DISABILITY_SUBSIDY_CONCURRENCY/);
    }
  });
});
