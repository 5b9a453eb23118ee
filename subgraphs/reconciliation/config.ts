/**
 * The reconciliation subgraph's own settings: where the gateway is, how its candidates are read
 * (batches of sealed join keys, some in flight at once) and the budget of one whole run. Port,
 * host, data folder, Redis and the internal secret are every subgraph's (platform/department
 * departmentConfig).
 */
import { z } from 'zod';
import { httpUrl, loadConfig, millis } from '../../platform/config';
import { MAX_JOIN_KEYS } from '../../platform/auth/joinKeyArguments';

const ReconciliationEnv = z.object({
  /** The gateway reconciliation reads the graph through. */
  GATEWAY_URL: httpUrl('http://127.0.0.1:4000'),
  /** Budget of one whole run (the evidence lists and every batch of candidates), in ms. */
  RECONCILIATION_TIMEOUT_MS: millis(30_000),
  /** Candidates per batch read: a department reads them in one batch per system (up to its own batch limit). @default 100 */
  RECONCILIATION_BATCH_SIZE: z.coerce.number().int().min(1).max(MAX_JOIN_KEYS).default(100),
  /** Batches read at once: more is faster until the slowest system (the SOAP one, record by record) is the limit. @default 3 */
  RECONCILIATION_BATCHES_IN_FLIGHT: z.coerce.number().int().min(1).max(16).default(3),
});

export interface ReconciliationSettings {
  gatewayUrl: string;
  timeoutMs: number;
  batchSize: number;
  batchesInFlight: number;
}

/** What a run reads with: the batching and its budget (the gateway's URL aside, which a test binds late). */
export type ReadSettings = Omit<ReconciliationSettings, 'gatewayUrl'>;

export function reconciliationSettings(env: NodeJS.ProcessEnv = process.env): ReconciliationSettings {
  const raw = loadConfig('reconciliation', ReconciliationEnv, env);
  return { gatewayUrl: raw.GATEWAY_URL, timeoutMs: raw.RECONCILIATION_TIMEOUT_MS, batchSize: raw.RECONCILIATION_BATCH_SIZE, batchesInFlight: raw.RECONCILIATION_BATCHES_IN_FLIGHT };
}

/** The defaults, as a run gets them when nothing is set (the in-process stack of the tests starts the subgraph with these). */
export const DEFAULT_READ_SETTINGS: ReadSettings = (({ gatewayUrl: _unbound, ...reads }) => reads)(reconciliationSettings({}));
