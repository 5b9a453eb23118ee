/** The audit log of personal-data processing: stores, the subgraph plugin, the intake helper. */
export { auditStoreLocation, createAuditStore, openAuditStore, type AuditStoreConfig } from './createAuditStore';
export { createRedisAuditStore, type RedisAuditStoreOptions } from './redisStore';
export { createSqliteAuditStore } from './sqliteStore';
export { fieldsReadOf, GENESIS_HASH, groupReads, residentsOf } from './chain';
export { checkpointText, parseCheckpoint, parseCheckpointText } from './checkpoint';
export { AuditUnavailableError, type AuditAction, type AuditCheckpoint, type AuditEntry, type AuditRead, type AuditReadGroup, type AuditFilter, type AuditRecord, type AuditStore, type AuditVerification } from './types';
export { auditPlugin, purposeOf, type AuditPluginOptions } from './auditPlugin';
export { auditIntake } from './auditIntake';
export { AUDIT_ERROR_CODES, auditErrors } from './errors';
export { withAudit } from './withAudit';
