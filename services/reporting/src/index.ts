import type { DataSource } from 'typeorm';
import { createServiceDataSource, migrate } from '@funds/db-kit';
import { buildFederatedSchema, baseContext, serviceStatusResolver, startSubgraphServer, RunningServer } from '@funds/graphql-kit';
import { Initial1763798400000 } from './migrations/1763798400000-initial';

/**
 * The reporting subgraph: read models of portfolio indicators per hierarchy node and date, fed by outbox events.
 * So far it owns its Postgres schema "reporting" (migrated, with its outbox) and reports its status;
 * its domain arrives with the issues that build it.
 */
export const REPORTING_SCHEMA = 'reporting';
const StatusResolver = serviceStatusResolver('reportingStatus', 'reporting', REPORTING_SCHEMA);

export function buildReportingSchema() {
  return buildFederatedSchema({ resolvers: [StatusResolver] });
}

export async function startReportingServer(options: { dataSource: DataSource; gatewaySecret: string; port: number; host?: string }): Promise<RunningServer> {
  const { schema } = await buildReportingSchema();
  return startSubgraphServer(
    {
      name: 'reporting',
      schema,
      healthCheck: async () => {
        await options.dataSource.query('SELECT 1');
      },
      createContext: async (req) => ({ ...baseContext(req.headers, options.gatewaySecret), db: options.dataSource }),
    },
    options.port,
    options.host,
  );
}

export const service = {
  name: 'reporting',
  schema: REPORTING_SCHEMA,
  createDataSource: (url: string): DataSource =>
    createServiceDataSource({ url, schema: REPORTING_SCHEMA, entities: [], migrations: [Initial1763798400000], applicationName: 'reporting' }),
  migrate: (ds: DataSource): Promise<string[]> => migrate(ds, REPORTING_SCHEMA),
  printSchema: async (): Promise<string> => (await buildReportingSchema()).sdl,
};
