/** The reconciliation subgraph's configuration: where the gateway is and the secret to sign its service token. */
import { z } from 'zod';
import { DEVELOPMENT_JWT_SECRET } from '../../platform/auth/tokens';
import { httpUrl, loadConfig, millis, port } from '../../platform/config';

const ReconciliationEnv = z.object({
  RECONCILIATION_PORT: port(4005),
  HOST: z.string().min(1).default('127.0.0.1'),
  NODE_ENV: z.string().default('development'),
  /** The gateway reconciliation reads the graph through. */
  GATEWAY_URL: httpUrl('http://127.0.0.1:4000'),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters (HS256 key)').default(DEVELOPMENT_JWT_SECRET),
  /** Budget of the whole evidence query through the graph, in ms. */
  RECONCILIATION_TIMEOUT_MS: millis(30_000),
});

export function reconciliationConfig(env: NodeJS.ProcessEnv = process.env) {
  const raw = loadConfig('reconciliation', ReconciliationEnv, env);
  return { port: raw.RECONCILIATION_PORT, host: raw.HOST, production: raw.NODE_ENV === 'production', gatewayUrl: raw.GATEWAY_URL, jwtSecret: raw.JWT_SECRET, timeoutMs: raw.RECONCILIATION_TIMEOUT_MS };
}
