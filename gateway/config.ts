/** The gateway's configuration: one zod schema over the environment, parsed once. */
import { z } from 'zod';
import { httpUrl, loadConfig, millis, port } from '../platform/config';
import { DEVELOPMENT_JWT_SECRET } from '../platform/auth/tokens';
import { defaultUrl, envPrefix, SERVICES } from '../platform/services';

const SUBGRAPHS = SERVICES.filter((s) => s.kind === 'subgraph').map((s) => s.name);

const GatewayEnv = z
  .object({
    GATEWAY_PORT: port(4000),
    HOST: z.string().min(1).default('127.0.0.1'),
    NODE_ENV: z.string().default('development'),
    /** HS256 secret the bearer tokens are signed with; at least 32 characters. */
    JWT_SECRET: z.string().min(32, 'must be at least 32 characters (HS256 key)').default(DEVELOPMENT_JWT_SECRET),
    /** Path of the composed supergraph (npm run compose writes it). */
    SUPERGRAPH_FILE: z.string().min(1).default('schema/supergraph.graphql'),
    /** How long /readyz waits for each subgraph's /healthz, in ms. */
    READY_TIMEOUT_MS: millis(1000),
    /** Time budget of one subgraph fetch, in ms: above the subgraphs' own system budget. */
    SUBGRAPH_TIMEOUT_MS: millis(10_000),
    ...Object.fromEntries(SUBGRAPHS.map((name) => [`${envPrefix(name)}_URL`, httpUrl(defaultUrl(name))])),
  })
  .refine((env) => env.NODE_ENV !== 'production' || env.JWT_SECRET !== DEVELOPMENT_JWT_SECRET, {
    path: ['JWT_SECRET'],
    message: 'must be set to a secret of your own when NODE_ENV=production (the development secret is public)',
  });

export interface GatewayConfig {
  port: number;
  host: string;
  production: boolean;
  jwtSecret: string;
  supergraphFile: string;
  readyTimeoutMs: number;
  subgraphTimeoutMs: number;
  /** Base URL (without /graphql) of each subgraph, by subgraph name. */
  subgraphUrls: Record<string, string>;
}

export function gatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const raw = loadConfig('gateway', GatewayEnv, env) as Record<string, unknown>;
  return Object.freeze({
    port: raw.GATEWAY_PORT as number,
    host: raw.HOST as string,
    production: raw.NODE_ENV === 'production',
    jwtSecret: raw.JWT_SECRET as string,
    supergraphFile: raw.SUPERGRAPH_FILE as string,
    readyTimeoutMs: raw.READY_TIMEOUT_MS as number,
    subgraphTimeoutMs: raw.SUBGRAPH_TIMEOUT_MS as number,
    subgraphUrls: Object.fromEntries(SUBGRAPHS.map((name) => [name, raw[`${envPrefix(name)}_URL`] as string])),
  });
}
