import 'reflect-metadata';
import { DataSource, EntitySchema, Logger, MixedList } from 'typeorm';
import { SnakeNamingStrategy } from './naming';
import { types } from 'pg';
import { loadConfig } from '@funds/config';
import { applicationRoleFromConfig, grantApplicationRole } from './application-role';

// DATE columns stay 'YYYY-MM-DD' strings: a calendar date has no time zone to shift it.
types.setTypeParser(1082, (value: string) => value);

export interface ServiceDataSourceOptions {
  url: string;
  /** The Postgres schema the service owns. */
  schema: string;
  entities: MixedList<Function | string | EntitySchema>;
  migrations: MixedList<Function | string>;
  logger?: Logger;
  /** Connections in the pool; DB_POOL_SIZE (packages/config) unless given. */
  poolSize?: number;
  applicationName?: string;
}

/** A TypeORM data source for one service: its own schema, migrations only, never synchronize. */
export function createServiceDataSource(options: ServiceDataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsRun: false,
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    logging: options.logger ? ['query'] : false,
    logger: options.logger,
    applicationName: options.applicationName ?? options.schema,
    extra: { max: options.poolSize ?? loadConfig().DB_POOL_SIZE },
  });
}

/**
 * Runs pending migrations as the owner (the connection of `dataSource`); creates the service's
 * schema first (the migrations table lives in it). Then grants the application role what requests
 * need (application-role.ts): `appendOnly` tables (the outbox always) only to read and insert.
 */
export async function migrate(dataSource: DataSource, schema: string, appendOnly: readonly string[] = []): Promise<string[]> {
  if (!dataSource.isInitialized) await dataSource.initialize();
  await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  const done = await dataSource.runMigrations({ transaction: 'each' });
  await grantApplicationRole(dataSource, schema, applicationRoleFromConfig(), ['outbox', ...appendOnly]);
  return done.map((m) => m.name);
}
