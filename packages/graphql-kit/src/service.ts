import type { DataSource } from 'typeorm';
import type { MixedList } from 'typeorm';
import { authConfigFromEnv } from '@funds/auth';
import { createServiceDataSource, migrate } from '@funds/db-kit';
import { baseContext } from './context';
import { buildFederatedSchema } from './federation';
import { RunningServer, startSubgraphServer } from './server';
import { serviceStatusResolver } from './service-status';

export interface StartOptions {
  dataSource: DataSource;
  gatewaySecret: string;
  port: number;
  host?: string;
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
 * A subgraph's process: DATABASE_URL (required), PORT (the service's default), HOST (127.0.0.1),
 * MIGRATE_ON_START (true). Stops cleanly on SIGTERM and SIGINT.
 */
export function runSubgraphMain(service: SubgraphService): void {
  const run = async () => {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL is required (npm start provides one)');
    const ds = service.createDataSource(url);
    await ds.initialize();
    if (process.env.MIGRATE_ON_START !== 'false') await service.migrate(ds);
    const server = await service.start({
      dataSource: ds,
      gatewaySecret: authConfigFromEnv().gatewaySecret,
      port: Number(process.env.PORT ?? service.defaultPort),
      host: process.env.HOST ?? '127.0.0.1',
    });
    console.log(`${service.name} subgraph at ${server.url}`);
    const stop = async () => {
      await server.stop();
      await ds.destroy();
      process.exit(0);
    };
    process.on('SIGTERM', () => void stop());
    process.on('SIGINT', () => void stop());
  };
  run().catch((error) => {
    console.error(error);
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
      const { schema } = await build();
      return startSubgraphServer(
        {
          name: options.name,
          schema,
          healthCheck: async () => {
            await o.dataSource.query('SELECT 1');
          },
          createContext: async (req) => ({ ...baseContext(req.headers, o.gatewaySecret), db: o.dataSource }),
        },
        o.port,
        o.host,
      );
    },
  };
}
