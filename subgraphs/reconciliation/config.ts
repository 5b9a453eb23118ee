/** The reconciliation subgraph's configuration: where the gateway is and the internal secret (gateway proofs, its service token). */
import { z } from 'zod';
import { gatewaySecretSetting, OWN_SECRET_IN_PRODUCTION, ownSecretInProduction } from '../../platform/auth/secrets';
import { dataDir, httpUrl, loadConfig, millis, port } from '../../platform/config';

const ReconciliationEnv = z
  .object({
    RECONCILIATION_PORT: port(4005),
    HOST: z.string().min(1).default('127.0.0.1'),
    NODE_ENV: z.string().default('development'),
    /** The gateway reconciliation reads the graph through. */
    GATEWAY_URL: httpUrl('http://127.0.0.1:4000'),
    /** The internal secret: gateway proofs are checked and the service token signed with it. */
    GATEWAY_SUBGRAPH_SECRET: gatewaySecretSetting(),
    /** Budget of the whole evidence query through the graph, in ms. */
    RECONCILIATION_TIMEOUT_MS: millis(30_000),
    /** The audit log is where the intakes are: Redis when REDIS_URL is set, else DATA_DIR/audit.sqlite. */
    DATA_DIR: dataDir(),
    REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
    REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9:{}_-]{1,64}$/, 'must be 1-64 letters, digits or : { } _ -').optional(),
  })
  .refine(ownSecretInProduction, OWN_SECRET_IN_PRODUCTION);

export function reconciliationConfig(env: NodeJS.ProcessEnv = process.env) {
  const raw = loadConfig('reconciliation', ReconciliationEnv, env);
  return {
    port: raw.RECONCILIATION_PORT,
    host: raw.HOST,
    production: raw.NODE_ENV === 'production',
    gatewayUrl: raw.GATEWAY_URL,
    gatewaySecret: raw.GATEWAY_SUBGRAPH_SECRET,
    timeoutMs: raw.RECONCILIATION_TIMEOUT_MS,
    auditStore: { dataDir: raw.DATA_DIR, redisUrl: raw.REDIS_URL, redisPrefix: raw.REDIS_PREFIX },
  };
}
