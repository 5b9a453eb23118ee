/** Starts a stand-in in-process on port 0 with a throw-away data folder (tests and benchmarks). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listen } from '../../platform/server/listen';
import { createStandIn, type StandInContext, type StandInDefinition } from '../../systems/shared/standIn';

export interface StartedStandIn {
  url: string;
  ctx: StandInContext;
  close(): Promise<void>;
}

/** Tests drive faults and read stats through /__admin, so it is on (as STANDIN_ADMIN=1 would) unless `admin: false`. */
export async function startStandIn(def: StandInDefinition, options: { dataDir?: string; baseLatencyMs?: number; admin?: boolean } = {}): Promise<StartedStandIn> {
  const ownDir = options.dataDir ? undefined : mkdtempSync(join(tmpdir(), 'stand-in-'));
  const standIn = createStandIn(def, { dataDir: options.dataDir ?? ownDir!, baseLatencyMs: options.baseLatencyMs, admin: options.admin ?? true });
  const running = await listen(standIn.app, 0);
  return {
    url: running.url,
    ctx: standIn.ctx,
    close: async () => {
      running.server.closeAllConnections();
      await running.close();
      standIn.close();
      if (ownDir) rmSync(ownDir, { recursive: true, force: true });
    },
  };
}
