import type { DataSource } from 'typeorm';
import { createServiceDataSource, migrate } from '@funds/db-kit';
import { buildFederatedSchema, baseContext, serviceStatusResolver, startSubgraphServer, RunningServer } from '@funds/graphql-kit';
import { Initial1763798400000 } from './migrations/1763798400000-initial';

/**
 * The savings-loan subgraph: the funds' double-entry books: accounts, savings, shares, social fund, partner capital, loans, repayments and share-out.
 * So far it owns its Postgres schema "savings_loan" (migrated, with its outbox) and reports its status;
 * its domain arrives with the issues that build it.
 */
export const SAVINGSLOAN_SCHEMA = 'savings_loan';
const StatusResolver = serviceStatusResolver('savingsLoanStatus', 'savings-loan', SAVINGSLOAN_SCHEMA);

export function buildSavingsLoanSchema() {
  return buildFederatedSchema({ resolvers: [StatusResolver] });
}

export async function startSavingsLoanServer(options: { dataSource: DataSource; gatewaySecret: string; port: number; host?: string }): Promise<RunningServer> {
  const { schema } = await buildSavingsLoanSchema();
  return startSubgraphServer(
    {
      name: 'savings-loan',
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
  name: 'savings-loan',
  schema: SAVINGSLOAN_SCHEMA,
  createDataSource: (url: string): DataSource =>
    createServiceDataSource({ url, schema: SAVINGSLOAN_SCHEMA, entities: [], migrations: [Initial1763798400000], applicationName: 'savings-loan' }),
  migrate: (ds: DataSource): Promise<string[]> => migrate(ds, SAVINGSLOAN_SCHEMA),
  printSchema: async (): Promise<string> => (await buildSavingsLoanSchema()).sdl,
};
