import type { DataSource, Logger } from 'typeorm';
import { createServiceDataSource } from '@funds/db-kit';
import { REPORTING_MIGRATIONS } from './migrations';

/** The Postgres schema this service owns; no other service reads or writes it. */
export const REPORTING_SCHEMA = 'reporting';

/** Tables the application role may only read and append to, beyond the outbox (always): none yet. */
export const REPORTING_APPEND_ONLY: string[] = [];

export function createReportingDataSource(url: string, logger?: Logger, poolSize?: number): DataSource {
  return createServiceDataSource({
    url,
    poolSize,
    schema: REPORTING_SCHEMA,
    entities: [],
    migrations: REPORTING_MIGRATIONS,
    logger,
    applicationName: 'reporting',
  });
}
