/**
 * How many replicas `npm start` runs: `--replicas N` on the command line or REPLICAS in the
 * environment (the flag wins). More than one needs REDIS_URL: the replicas share intakes,
 * deliveries, the audit log, the replay guard and the rate budgets through Redis, while SQLite
 * files are one process's own.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadConfig } from '../../platform/config';
import { MAX_REPLICAS } from './topology';

const Replicas = z.coerce.number().int().min(1).max(MAX_REPLICAS);

const Env = z
  .object({
    /** Replicas of the gateway and of each department subgraph (1: the single-process default). */
    REPLICAS: Replicas.default(1),
    REDIS_URL: z.string().min(1).optional(),
  })
  .refine((env) => env.REPLICAS === 1 || env.REDIS_URL !== undefined, {
    path: ['REDIS_URL'],
    message:
      'more than one replica needs REDIS_URL (the replicas share intakes, deliveries, the audit log and the replay guard through Redis): ' +
      'start redis-server --appendonly yes --appendfsync always and set REDIS_URL=redis://127.0.0.1:6379',
  });

/** The replica count from `argv` (npm start's arguments) and `env`; throws a ConfigError naming the variable. */
export function replicaCount(argv: readonly string[], env: NodeJS.ProcessEnv): number {
  const { values } = parseArgs({ args: [...argv], options: { replicas: { type: 'string' } }, strict: true });
  return loadConfig('npm start', Env, { ...env, ...(values.replicas !== undefined ? { REPLICAS: values.replicas } : {}) }).REPLICAS;
}
