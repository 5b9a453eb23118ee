/**
 * The audit log's own settings, read once per process through the platform's zod config:
 * AUDIT_LOG (on|off: off only outside production, for the benchmark's audit-on/off comparison),
 * AUDIT_RETENTION_DAYS (what `npm run audit:archive` moves out of the live log) and the key that
 * signs the archives' checkpoints (AUDIT_SECRET, else GATEWAY_SUBGRAPH_SECRET; key use 'audit').
 */
import { z } from 'zod';
import { DEVELOPMENT_GATEWAY_SECRET, derivedKey, gatewaySecretSetting, refuseDevelopmentSecret } from '../auth/secrets';
import { dataDir, loadConfig } from '../config';

const AuditLogEnv = z
  .object({
    NODE_ENV: z.string().optional(),
    AUDIT_LOG: z.enum(['on', 'off']).default('on'),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && env.AUDIT_LOG === 'off') {
      ctx.addIssue({ code: 'custom', path: ['AUDIT_LOG'], message: 'must be on when NODE_ENV=production (every read of personal data is audited; off is for benchmarks only)' });
    }
  });

/** AUDIT_LOG of `env` (@default the process environment, read by loadConfig): whether the services audit reads; INVALID_CONFIGURATION when off in production. */
export function auditLogEnabled(env?: NodeJS.ProcessEnv): boolean {
  return loadConfig('audit', AuditLogEnv, env).AUDIT_LOG === 'on';
}

const ArchiveEnv = z
  .object({
    NODE_ENV: z.string().optional(),
    AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(400),
    AUDIT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    GATEWAY_SUBGRAPH_SECRET: gatewaySecretSetting(),
  })
  .superRefine((env, ctx) => {
    // The archives' key: in production never one derived from the public development secret.
    if (env.AUDIT_SECRET === undefined) refuseDevelopmentSecret('GATEWAY_SUBGRAPH_SECRET', '-', DEVELOPMENT_GATEWAY_SECRET, ' (or set AUDIT_SECRET)')(env, ctx);
  });

export interface AuditArchiveSettings {
  retentionDays: number;
  /** The HMAC key of the archives' checkpoints (derived from the secret for the 'audit' use). */
  archiveKey: Buffer;
}

/** AUDIT_RETENTION_DAYS and the archive key, for audit:archive and audit:verify. */
export function auditArchiveSettings(env?: NodeJS.ProcessEnv): AuditArchiveSettings {
  const parsed = loadConfig('audit', ArchiveEnv, env);
  return { retentionDays: parsed.AUDIT_RETENTION_DAYS, archiveKey: derivedKey(parsed.AUDIT_SECRET ?? parsed.GATEWAY_SUBGRAPH_SECRET, 'audit') };
}

/** Where the audit log is, for the operations scripts (the services get it in their own config). */
export const auditLogLocation = () =>
  z.object({
    DATA_DIR: dataDir(),
    // Empty counts as unset, as for the intake store.
    REDIS_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url({ protocol: /^rediss?$/ }).optional()),
    REDIS_PREFIX: z.string().min(1).optional(),
  });
