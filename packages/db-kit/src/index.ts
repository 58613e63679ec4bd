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
export { isUniqueViolation, isCheckViolation, isSerializationFailure } from './pg-errors';
export { appendEvents, DomainEvent, OUTBOX_TABLE_SQL } from './outbox';
export { hydrate } from './hydrate';
export { SnakeNamingStrategy } from './naming';
