export { uuid7, isUuid } from './uuid7';
export {
  startEmbeddedPostgres,
  startScratchPostgres,
  createDatabaseIfMissing,
  EmbeddedPostgresOptions,
  EmbeddedPostgresHandle,
} from './embedded';
export { resolveDatabase, DatabaseTarget } from './database';
export { createServiceDataSource, migrate, ServiceDataSourceOptions } from './data-source';
export { StatementCounter } from './statement-counter';
export { isUniqueViolation, isCheckViolation, isReferenceViolation, isSerializationFailure, isDatabaseUnavailable } from './pg-errors';
export { appendEvents, DomainEvent, OUTBOX_TABLE_SQL } from './outbox';
export { hydrate, hydrateJson } from './hydrate';
export { SnakeNamingStrategy } from './naming';
export {
  DbScope,
  TransactionAudit,
  SYSTEM_SCOPE,
  SCOPE_SETTINGS,
  ScopedDatabase,
  ScopedDb,
  ScopedTransactionOptions,
  setTransactionScope,
  scopeFunctionsSql,
  scopePolicySql,
  outboxPolicySql,
} from './scope';
export {
  ApplicationRoleSettings,
  applicationRoleFromConfig,
  applicationDatabaseUrl,
  grantApplicationRole,
  assertApplicationRole,
} from './application-role';
export { AUDIT_TABLE_SQL, AUDIT_ANCESTRY_COLUMNS, auditPolicySql, writeAuditEvent, AuditEntry, AuditAncestry } from './audit';
export { preparedQuery, PreparedOptions } from './prepared';
export { copyOut, CopyValue, inlineValues } from './copy';
