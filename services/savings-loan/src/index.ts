import type { DataSource } from 'typeorm';
import { migrate } from '@funds/db-kit';
import type { SubgraphService } from '@funds/graphql-kit';
import { SAVINGS_LOAN_APPEND_ONLY, SAVINGS_LOAN_SCHEMA, createSavingsLoanDataSource } from './database';
import { buildSavingsLoanSchema, startSavingsLoanServer } from './server';

/**
 * The savings-loan subgraph: the funds' double-entry books (accounts, journal, savings, shares,
 * social fund, partner capital, loans, meetings, share-out), kept against savings-loan's own
 * reference copy of the hierarchy, fed by membership's events.
 */
export const service: SubgraphService = {
  name: 'savings-loan',
  schema: SAVINGS_LOAN_SCHEMA,
  defaultPort: 4002,
  createDataSource: (url: string): DataSource => createSavingsLoanDataSource(url),
  migrate: (ds: DataSource): Promise<string[]> => migrate(ds, SAVINGS_LOAN_SCHEMA, SAVINGS_LOAN_APPEND_ONLY),
  printSchema: async (): Promise<string> => (await buildSavingsLoanSchema()).sdl,
  start: (options) => startSavingsLoanServer(options),
};
export { SAVINGS_LOAN_SCHEMA, createSavingsLoanDataSource } from './database';
export { buildSavingsLoanSchema, startSavingsLoanServer, SavingsLoanServerOptions } from './server';
export { openFundBooks } from './modules/ledger/chart';
export { addSyntheticReferences } from './demo/synthetic-books';
export { booksProblems, RowQuery } from './modules/operations/books-invariants';
export { loadDemoBooks, DemoBooksError, DEMO_BOOK_FUNDS, DemoGql, DemoBooksOptions, DemoBooksSummary } from './demo/demo-books';
