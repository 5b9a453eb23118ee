/**
 * The load balancer as its own process (docker-compose.yml's balancer services): which service,
 * which port, which replicas. npm start and the tests start balancers in-process instead.
 */
import { z } from 'zod';
import { loadConfig, millis, port } from '../config';

const Env = z.object({
  /** The service behind it (named in errors and logs), e.g. gateway, hrss. */
  BALANCER_SERVICE: z.string().min(1),
  /** The port it listens on: the service's public port. */
  BALANCER_PORT: port(0),
  /** The interface it listens on (0.0.0.0 in a container). */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Comma-separated replica base URLs, e.g. http://hrss-1:4003,http://hrss-2:4003. */
  BALANCER_UPSTREAMS: z
    .string()
    .min(1)
    .transform((s) => s.split(',').map((u) => u.trim()).filter(Boolean))
    .pipe(z.array(z.url({ protocol: /^https?$/ })).min(1, 'name at least one replica URL')),
  /** How often each replica's /healthz is probed, in ms. */
  BALANCER_HEALTH_INTERVAL_MS: millis(1000),
});

export type BalancerConfig = z.output<typeof Env>;

/** `env` unset: the process environment (read by loadConfig, the one place that may). */
export function balancerConfig(env?: NodeJS.ProcessEnv): Readonly<BalancerConfig> {
  return loadConfig('load balancer', Env, env);
}
