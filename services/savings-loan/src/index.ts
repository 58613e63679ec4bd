import { SubgraphService, statusOnlySubgraph } from '@funds/graphql-kit';
import { Initial1763798400000 } from './migrations/1763798400000-initial';
import { RowLevelSecurity1795720000000 } from './migrations/1795720000000-row-level-security';

/**
 * The savings-loan subgraph: the funds' double-entry books: accounts, savings, shares, social fund, partner capital, loans, repayments and share-out.
 * So far it owns its Postgres schema "savings_loan" (migrated, with its outbox) and reports its status;
 * its domain arrives with the issues that build it.
 */
export const service: SubgraphService = statusOnlySubgraph({
  name: 'savings-loan',
  schema: 'savings_loan',
  defaultPort: 4002,
  statusQuery: 'savingsLoanStatus',
  migrations: [Initial1763798400000, RowLevelSecurity1795720000000],
});
