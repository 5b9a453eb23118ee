/**
 * The reconciliation subgraph's own settings: where the gateway is and how long the evidence
 * query may take. Port, host, data folder, Redis and the internal secret are every subgraph's
 * (platform/department departmentConfig).
 */
import { z } from 'zod';
import { httpUrl, loadConfig, millis } from '../../platform/config';

const ReconciliationEnv = z.object({
  /** The gateway reconciliation reads the graph through. */
  GATEWAY_URL: httpUrl('http://127.0.0.1:4000'),
  /** Budget of the whole evidence query through the graph, in ms. */
  RECONCILIATION_TIMEOUT_MS: millis(30_000),
});

export interface ReconciliationSettings {
  gatewayUrl: string;
  timeoutMs: number;
}

export function reconciliationSettings(env: NodeJS.ProcessEnv = process.env): ReconciliationSettings {
  const raw = loadConfig('reconciliation', ReconciliationEnv, env);
  return { gatewayUrl: raw.GATEWAY_URL, timeoutMs: raw.RECONCILIATION_TIMEOUT_MS };
}
