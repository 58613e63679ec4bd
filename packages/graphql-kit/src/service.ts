import type { DataSource } from 'typeorm';
import type { MixedList } from 'typeorm';
import { loadConfig } from '@funds/config';
import { ScopedDatabase, applicationDatabaseUrl, assertApplicationRole, createServiceDataSource, migrate } from '@funds/db-kit';
import { baseContext } from './context';
import type { Clock } from './dates';
import { buildFederatedSchema } from './federation';
import { createLogger, errorMessage } from './logging';
import { RunningServer, startSubgraphServer } from './server';
import { serviceStatusResolver } from './service-status';

export interface StartOptions {
  /** Connected as the application role (row-level security binds it); start refuses an owner or superuser. */
  dataSource: DataSource;
  gatewaySecret: string;
  port: number;
  host?: string;
  /** Where business dates come from (tests fix the instant); the system clock unless given. */
  clock?: Clock;
}

/** How scripts (start, migrate, schema printing, bench) and `main` drive a subgraph. */
export interface SubgraphService {
  name: string;
  /** The Postgres schema the service owns. */
  schema: string;
  defaultPort: number;
  createDataSource(url: string): DataSource;
  migrate(ds: DataSource): Promise<string[]>;
  printSchema(): Promise<string>;
  start(options: StartOptions): Promise<RunningServer>;
}

/**
 * A subgraph's process, configured by packages/config: DATABASE_URL (required), PORT (the
 * service's default), HOST, MIGRATE_ON_START, GATEWAY_IDENTITY_SECRET, DB_POOL_SIZE, LOG_LEVEL
 * (JSON lines on stdout). A
 * configuration that does not validate stops it before it connects anywhere. Stops cleanly on
 * SIGTERM and SIGINT.
 */
export function runSubgraphMain(service: SubgraphService): void {
  const run = async () => {
    const config = loadConfig();
    if (!config.DATABASE_URL) throw new Error('DATABASE_URL is required (npm start provides one)');
    if (config.MIGRATE_ON_START) {
      // Migrations run as the owner (DATABASE_URL), requests as the application role.
      const owner = service.createDataSource(config.DATABASE_URL);
      await owner.initialize();
      try {
        await service.migrate(owner);
      } finally {
        await owner.destroy();
      }
    }
    const ds = service.createDataSource(applicationDatabaseUrl(config.DATABASE_URL));
    await ds.initialize();
    const server = await service.start({
      dataSource: ds,
      gatewaySecret: config.GATEWAY_IDENTITY_SECRET,
      port: config.PORT ?? service.defaultPort,
      host: config.HOST,
    });
    const logger = createLogger(service.name, { level: config.LOG_LEVEL });
    logger.info({ url: server.url, health: server.url.replace(/\/graphql$/, '/health') }, 'subgraph listening');
    const stop = async () => {
      await server.stop();
      await ds.destroy();
      process.exit(0);
    };
    process.on('SIGTERM', () => void stop());
    process.on('SIGINT', () => void stop());
  };
  run().catch((error: unknown) => {
    // A refused configuration (ConfigError) names every variable at fault: the message is what matters.
    createLogger(service.name).fatal({ err: error }, `${service.name} failed to start: ${errorMessage(error)}`);
    process.exit(1);
  });
}

/**
 * A subgraph whose domain has not arrived yet: it owns its Postgres schema (migrated, with its
 * outbox) and answers one query, its status. Later issues replace it with the real service.
 */
export function statusOnlySubgraph(options: {
  name: string;
  schema: string;
  defaultPort: number;
  statusQuery: string;
  migrations: MixedList<Function>;
}): SubgraphService {
  const resolver = serviceStatusResolver(options.statusQuery, options.name, options.schema);
  const build = () => buildFederatedSchema({ resolvers: [resolver] });
  return {
    name: options.name,
    schema: options.schema,
    defaultPort: options.defaultPort,
    createDataSource: (url) =>
      createServiceDataSource({ url, schema: options.schema, entities: [], migrations: options.migrations, applicationName: options.name }),
    migrate: (ds) => migrate(ds, options.schema),
    printSchema: async () => (await build()).sdl,
    start: async (o) => {
      await assertApplicationRole(o.dataSource, options.schema);
      const database = new ScopedDatabase(o.dataSource);
      const { schema } = await build();
      return startSubgraphServer(
        {
          name: options.name,
          schema,
          healthCheck: async () => {
            await o.dataSource.query('SELECT 1');
          },
          createContext: async (req) => ({ ...baseContext(req.headers, o.gatewaySecret), db: database }),
        },
        o.port,
        o.host,
      );
    },
  };
}
