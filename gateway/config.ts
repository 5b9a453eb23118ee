/**
 * The gateway's configuration: one zod schema over the environment whose transform builds the
 * typed GatewayConfig (no casts), parsed once by main.ts and passed to everything that needs it.
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import { httpUrl, loadConfig, millis, port, tracingConfig, type TracingSettings } from '../platform/config';
import { gatewaySecretSetting, ownGatewaySecretInProduction, previousSecretsSetting, refuseDevelopmentSecret } from '../platform/auth/secrets';
import { DEFAULT_MAX_TOKEN_LIFETIME_SECONDS } from '../platform/auth/tokenLifetime';
import { GATEWAY_RESOURCE, GATEWAY_SCOPE, PAGES_CLIENT_ID } from '../platform/auth/signInClient';
import { DEVELOPMENT_JWT_SECRET, TOKEN_AUDIENCE, TOKEN_ISSUER } from '../platform/auth/tokens';
import { defaultUrl, envPrefix, SERVICES } from '../platform/services';
import type { BucketLimits } from './edge/tokenBucket';

const SUBGRAPHS = SERVICES.filter((s) => s.kind === 'subgraph').map((s) => s.name);

const DAY_SECONDS = 86_400;
/** QR codes last at most a month unless the district sets longer posters (QR_MAX_LIFETIME_DAYS). */
const DEFAULT_QR_MAX_LIFETIME_DAYS = 31;

const CONNECTIONS_RULE = 'must be a whole number of connections from 1 to 1024';
const TOKEN_CACHE_RULE = 'must be a whole number of tokens from 0 (verify every request) to 1000000';

/** Express's names for address ranges, usable in TRUST_PROXY. */
const PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * TRUST_PROXY: which proxies' X-Forwarded-For the gateway believes, as Express's `trust proxy`:
 * a hop count, or the proxies' addresses, CIDR ranges or range names, comma-separated. Unset: no
 * proxy, the client's address is the connection's. `true` (believe anyone) is refused: a client
 * could name any address and have a rate-limit bucket of its choosing.
 */
const trustProxy = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx): number | string[] | false => {
    if (!v || v === 'false') return false;
    if (/^\d{1,2}$/.test(v)) return Number(v);
    const entries = v.split(',').map((e) => e.trim());
    const bad = entries.filter((e) => !PROXY_RANGES.has(e) && !(isIP(e.split('/')[0]) && (!e.includes('/') || /^\d{1,3}$/.test(e.split('/')[1]))));
    if (bad.length) {
      ctx.addIssue({ code: 'custom', message: 'must be a hop count, or proxies\' addresses / CIDR ranges / loopback, linklocal, uniquelocal, comma-separated (not "true": any client could name its own address)' });
      return z.NEVER;
    }
    return entries;
  });

/** Each subgraph's base URL (<SUBGRAPH>_URL), by subgraph name. */
const SubgraphUrls = z
  .object(Object.fromEntries(SUBGRAPHS.map((name) => [`${envPrefix(name)}_URL`, httpUrl(defaultUrl(name))])))
  .transform((env): Record<string, string> => Object.fromEntries(SUBGRAPHS.map((name) => [name, env[`${envPrefix(name)}_URL`]])));

const GatewayEnv = z
  .object({
    GATEWAY_PORT: port(4000),
    HOST: z.string().min(1).default('127.0.0.1'),
    NODE_ENV: z.string().default('development'),
    /** HS256 secret the bearer tokens are signed with; at least 32 characters. */
    JWT_SECRET: z.string().min(32, 'must be at least 32 characters (HS256 key)').default(DEVELOPMENT_JWT_SECRET),
    /** During a rotation: HS256 secrets still accepted (tokens and QR credentials signed before the switch), comma-separated. */
    JWT_PREVIOUS_SECRETS: previousSecretsSetting(),
    /** The identity provider's JWKS URL: its RS256/ES256 tokens are accepted when set (production). */
    JWT_JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
    /** `iss` and `aud` the identity provider's tokens must carry. */
    JWT_ISSUER: z.string().min(1).default(TOKEN_ISSUER),
    JWT_AUDIENCE: z.string().min(1).default(TOKEN_AUDIENCE),
    /** The OpenID provider the pages sign in with (its issuer URL, exactly as its tokens' `iss`); unset: pasted tokens only. */
    OIDC_ISSUER_URL: z.url({ protocol: /^https?$/ }).optional(),
    /** The pages' public client at that provider (authorization code + PKCE, no secret). */
    OIDC_CLIENT_ID: z.string().min(1).max(200).default(PAGES_CLIENT_ID),
    /** The gateway's resource indicator there: the `aud` of the access tokens the pages get. */
    OIDC_AUDIENCE: z.string().min(1).max(500).default(GATEWAY_RESOURCE),
    /** The scope that asks the provider for the gateway's access token (beside openid and profile). */
    OIDC_SCOPE: z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/, 'must be one scope token (no spaces or quotes)').default(GATEWAY_SCOPE),
    /** Longest token lifetime accepted (exp - iat, or exp - now without iat), in seconds, for every kind of token: 1 minute to 1 year. */
    JWT_MAX_LIFETIME_SECONDS: z.coerce.number().int().min(60).max(365 * 24 * 3600).default(DEFAULT_MAX_TOKEN_LIFETIME_SECONDS),
    /** Secret shared with the subgraphs: proofs of the gateway's requests, join keys, service tokens. */
    GATEWAY_SUBGRAPH_SECRET: gatewaySecretSetting(),
    /** During a rotation: internal secrets still accepted (service tokens minted before the switch), comma-separated. */
    GATEWAY_SUBGRAPH_PREVIOUS_SECRETS: previousSecretsSetting(),
    /** Path of the composed supergraph (npm run compose writes it). */
    SUPERGRAPH_FILE: z.string().min(1).default('schema/supergraph.graphql'),
    /** How long /readyz waits for each subgraph's /healthz, in ms. */
    READY_TIMEOUT_MS: millis(1000),
    /** Time budget of one subgraph fetch, in ms: above the subgraphs' own system budget. */
    SUBGRAPH_TIMEOUT_MS: millis(10_000),
    /**
     * Time budget of a fetch to the reconciliation subgraph, in ms: it reads the whole district
     * through the graph within its own RECONCILIATION_TIMEOUT_MS (30 s), so the gateway must wait
     * longer for it than for a department that reads one batch.
     */
    RECONCILIATION_SUBGRAPH_TIMEOUT_MS: millis(35_000),
    /** Most keep-alive connections open to each subgraph at once; fetches beyond wait for a free one. */
    SUBGRAPH_CONNECTIONS: z.coerce.number().int(CONNECTIONS_RULE).min(1, CONNECTIONS_RULE).max(1024, CONNECTIONS_RULE).default(64),
    /** Verified bearer tokens remembered (by a hash of the token, until its `exp` at the latest); 0 verifies every request afresh. */
    TOKEN_CACHE_SIZE: z.coerce.number().int(TOKEN_CACHE_RULE).min(0, TOKEN_CACHE_RULE).max(1_000_000, TOKEN_CACHE_RULE).default(10_000),
    /** Base URL phones reach the gateway at, for the links in QR codes (default: the URL each request came in on). */
    PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
    /**
     * The longest a community's QR code (and its short link) may last, in days: 1 to 366, so a
     * poster need not be reprinted monthly; the QR sheet offers lifetimes up to it. At most
     * JWT_MAX_LIFETIME_SECONDS, which every token's life is held to. Unset: 31 days, or less when
     * tokens may live less.
     */
    QR_MAX_LIFETIME_DAYS: z.coerce.number().int().min(1).max(366).optional(),
    /** Per-caller budget, in units (one per request, one per resident looked up); 0 switches the rate limit off. */
    RATE_LIMIT_CAPACITY: z.coerce.number().int().min(0).max(1_000_000).default(2000),
    /** Units given back per minute. */
    RATE_LIMIT_REFILL_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(1000),
    /** The proxies in front of the gateway whose X-Forwarded-For names the client (see trustProxy). */
    TRUST_PROXY: trustProxy,
    /** Shared rate-limit buckets for replicas. */
    REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
    REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9:{}_-]{1,64}$/, 'must be 1-64 letters, digits or : { } _ -').optional(),
    /** The safelist manifest: when set, only the persisted operations it lists run. */
    PERSISTED_OPERATIONS_FILE: z.string().min(1).optional(),
  })
  .superRefine(refuseDevelopmentSecret('JWT_SECRET', 'JWT_PREVIOUS_SECRETS', DEVELOPMENT_JWT_SECRET, ''))
  .superRefine(ownGatewaySecretInProduction)
  .superRefine((env, ctx) => {
    if (env.QR_MAX_LIFETIME_DAYS !== undefined && env.QR_MAX_LIFETIME_DAYS * DAY_SECONDS > env.JWT_MAX_LIFETIME_SECONDS) {
      ctx.addIssue({
        code: 'custom',
        path: ['QR_MAX_LIFETIME_DAYS'],
        message: `must not exceed JWT_MAX_LIFETIME_SECONDS (${env.JWT_MAX_LIFETIME_SECONDS} s, ${Math.floor(env.JWT_MAX_LIFETIME_SECONDS / DAY_SECONDS)} days): the gateway would refuse a poster's credential before the poster comes down; raise JWT_MAX_LIFETIME_SECONDS too, or choose fewer days`,
      });
    }
    // Tokens and sign-in codes travel to and from the provider: never in clear text in production.
    if (env.NODE_ENV === 'production' && env.OIDC_ISSUER_URL?.startsWith('http:')) {
      ctx.addIssue({ code: 'custom', path: ['OIDC_ISSUER_URL'], message: 'must be an https:// URL in production (sign-in codes and tokens travel to and from it)' });
    }
  })
  .and(SubgraphUrls.transform((subgraphUrls) => ({ subgraphUrls })))
  .transform((env): Omit<GatewayConfig, 'tracing'> => {
    const production = env.NODE_ENV === 'production';
    return {
      port: env.GATEWAY_PORT,
      host: env.HOST,
      production,
      jwtSecret: env.JWT_SECRET,
      jwtPreviousSecrets: env.JWT_PREVIOUS_SECRETS,
      jwksUrl: env.JWT_JWKS_URL,
      jwtIssuer: env.JWT_ISSUER,
      jwtAudience: env.JWT_AUDIENCE,
      jwtMaxLifetimeSeconds: env.JWT_MAX_LIFETIME_SECONDS,
      ...(env.OIDC_ISSUER_URL
        ? { oidc: { issuer: env.OIDC_ISSUER_URL, clientId: env.OIDC_CLIENT_ID, audience: env.OIDC_AUDIENCE, scope: env.OIDC_SCOPE } }
        : {}),
      gatewaySecret: env.GATEWAY_SUBGRAPH_SECRET,
      gatewayPreviousSecrets: env.GATEWAY_SUBGRAPH_PREVIOUS_SECRETS,
      supergraphFile: env.SUPERGRAPH_FILE,
      readyTimeoutMs: env.READY_TIMEOUT_MS,
      subgraphTimeoutMs: env.SUBGRAPH_TIMEOUT_MS,
      subgraphTimeoutsMs: { reconciliation: env.RECONCILIATION_SUBGRAPH_TIMEOUT_MS },
      subgraphConnections: env.SUBGRAPH_CONNECTIONS,
      tokenCacheSize: env.TOKEN_CACHE_SIZE,
      trustProxy: env.TRUST_PROXY,
      publicUrl: env.PUBLIC_URL?.replace(/\/+$/, ''),
      qrMaxLifetimeSeconds: env.QR_MAX_LIFETIME_DAYS !== undefined ? env.QR_MAX_LIFETIME_DAYS * DAY_SECONDS : Math.min(DEFAULT_QR_MAX_LIFETIME_DAYS * DAY_SECONDS, env.JWT_MAX_LIFETIME_SECONDS),
      subgraphUrls: env.subgraphUrls,
      edge: {
        production,
        rateLimit: env.RATE_LIMIT_CAPACITY > 0 ? { capacity: env.RATE_LIMIT_CAPACITY, refillPerMinute: env.RATE_LIMIT_REFILL_PER_MINUTE } : null,
        ...(env.REDIS_URL ? { redis: { url: env.REDIS_URL, prefix: env.REDIS_PREFIX } } : {}),
        ...(env.PERSISTED_OPERATIONS_FILE ? { persistedOperationsFile: env.PERSISTED_OPERATIONS_FILE } : {}),
      },
    };
  });

/** The pages' sign-in (OIDC_ISSUER_URL, OIDC_CLIENT_ID, OIDC_AUDIENCE, OIDC_SCOPE). */
export interface OidcSettings {
  /** Exactly as its tokens' `iss` (and its discovery document's `issuer`). */
  issuer: string;
  clientId: string;
  /** The resource indicator the pages ask for and the access tokens' `aud`. */
  audience: string;
  scope: string;
}

/** The hardened edge's settings (gateway/edge). */
export interface EdgeConfig {
  production: boolean;
  /** Per-caller budget; null switches the rate limit off. */
  rateLimit: BucketLimits | null;
  /** Shared buckets for replicas (REDIS_URL, REDIS_PREFIX); absent: this gateway's memory. */
  redis?: { url: string; prefix?: string };
  /** The safelist manifest (PERSISTED_OPERATIONS_FILE); absent: any valid operation runs. */
  persistedOperationsFile?: string;
}

export interface GatewayConfig {
  port: number;
  host: string;
  production: boolean;
  /** JWT_SECRET: signs the QR credentials, verifies HS256 tokens. */
  jwtSecret: string;
  /** JWT_PREVIOUS_SECRETS: HS256 secrets still accepted during a rotation (never used to sign). */
  jwtPreviousSecrets: readonly string[];
  /** The identity provider's JWKS URL; undefined: HS256 tokens only. */
  jwksUrl?: string;
  jwtIssuer: string;
  jwtAudience: string;
  /** Longest token lifetime accepted, in seconds (JWT_MAX_LIFETIME_SECONDS). */
  jwtMaxLifetimeSeconds: number;
  /** The OpenID provider the pages sign in with (OIDC_*); undefined: pasted tokens only. */
  oidc?: OidcSettings;
  /** GATEWAY_SUBGRAPH_SECRET: signs the proofs of the gateway's requests, verifies service tokens. */
  gatewaySecret: string;
  /** GATEWAY_SUBGRAPH_PREVIOUS_SECRETS: still accepted for service tokens during a rotation (proofs are always signed with the current one). */
  gatewayPreviousSecrets: readonly string[];
  supergraphFile: string;
  readyTimeoutMs: number;
  subgraphTimeoutMs: number;
  /** A subgraph's own time budget where it differs from subgraphTimeoutMs, by subgraph name. */
  subgraphTimeoutsMs: Record<string, number>;
  /** Most connections open to each subgraph at once (SUBGRAPH_CONNECTIONS). */
  subgraphConnections: number;
  /** How many verified tokens the gateway remembers (TOKEN_CACHE_SIZE); 0: none. */
  tokenCacheSize: number;
  /** Express's `trust proxy` (TRUST_PROXY): false, a hop count, or the proxies' addresses and ranges. */
  trustProxy: number | string[] | false;
  /** Base URL of the QR codes' links; undefined: the URL each QR request came in on. */
  publicUrl?: string;
  /** The longest a QR code may last, in seconds (QR_MAX_LIFETIME_DAYS; within jwtMaxLifetimeSeconds). */
  qrMaxLifetimeSeconds: number;
  /** Base URL (without /graphql) of each subgraph, by subgraph name. */
  subgraphUrls: Record<string, string>;
  /** The hardened edge's settings (gateway/edge). */
  edge: EdgeConfig;
  /** Where traces go (OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_SERVICE_NAME): main.ts sets tracing up with it. */
  tracing: TracingSettings;
}

/** Parses the gateway's environment (the process's for main.ts; tests pass their own) into its frozen, typed configuration. */
export function gatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return Object.freeze({ ...loadConfig('gateway', GatewayEnv, env), tracing: tracingConfig('gateway', env) });
}
