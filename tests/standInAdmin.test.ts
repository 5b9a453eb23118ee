/**
 * The stand-ins' admin endpoints (/__admin/stats, /__admin/faults) let whoever reaches the port
 * read a system's traffic or take it down, so a stand-in started as its own process serves them
 * only with STANDIN_ADMIN=1, and never when NODE_ENV=production.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { standInConfig } from '../systems/shared/config';
import { socialAssistanceStandIn } from '../systems/social-assistance/standIn';
import { freePort, startChild, type ChildService } from './support/childProcess';

const dataDir = mkdtempSync(join(tmpdir(), 'stand-in-admin-'));
let running: ChildService | undefined;
afterEach(async () => {
  await running?.kill();
  running = undefined;
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Starts the social-assistance stand-in's main.ts with `env` and says what its admin endpoints answer. */
async function adminAnswers(env: NodeJS.ProcessEnv): Promise<{ stats: number; faultsRead: number; faultsSet: number; protocol: number }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  running = await startChild('systems/social-assistance/main.ts', { SOCIAL_ASSISTANCE_PORT: String(port), DATA_DIR: dataDir, STANDIN_ADMIN: '', NODE_ENV: 'development', ...env }, `${url}/healthz`, 120_000);
  const status = async (path: string, init?: RequestInit) => (await fetch(`${url}${path}`, init)).status;
  return {
    stats: await status('/__admin/stats'),
    faultsRead: await status('/__admin/faults'),
    faultsSet: await status('/__admin/faults', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode: 'down' }) }),
    // The system's own protocol answers either way (a fault set through /__admin would make it 503).
    protocol: await status('/healthz'),
  };
}

describe('stand-in admin endpoints', () => {
  it('answer 404 on a stand-in started without STANDIN_ADMIN', async () => {
    expect(await adminAnswers({})).toEqual({ stats: 404, faultsRead: 404, faultsSet: 404, protocol: 200 });
  }, 150_000);

  it('answer 404 when NODE_ENV=production even with STANDIN_ADMIN=1 (flagged for the warning at start)', async () => {
    expect(await adminAnswers({ STANDIN_ADMIN: '1', NODE_ENV: 'production' })).toEqual({ stats: 404, faultsRead: 404, faultsSet: 404, protocol: 200 });
    expect(standInConfig(socialAssistanceStandIn, { STANDIN_ADMIN: '1', NODE_ENV: 'production' })).toMatchObject({ admin: false, adminRefusedInProduction: true });
  }, 150_000);

  it('are served with STANDIN_ADMIN=1 outside production (npm start and the tests)', async () => {
    expect(await adminAnswers({ STANDIN_ADMIN: '1' })).toEqual({ stats: 200, faultsRead: 200, faultsSet: 200, protocol: 200 });
  }, 150_000);

  it('refuses a STANDIN_ADMIN that is neither 0 nor 1', () => {
    expect(() => standInConfig(socialAssistanceStandIn, { STANDIN_ADMIN: 'yes' })).toThrow(/STANDIN_ADMIN/);
  });
});
