import { SubgraphService, statusOnlySubgraph } from '@funds/graphql-kit';
import { Initial1763798400000 } from './migrations/1763798400000-initial';
import { RowLevelSecurity1795720000000 } from './migrations/1795720000000-row-level-security';

/**
 * The reporting subgraph: read models of portfolio indicators per hierarchy node and date, fed by outbox events.
 * So far it owns its Postgres schema "reporting" (migrated, with its outbox) and reports its status;
 * its domain arrives with the issues that build it.
 */
export const service: SubgraphService = statusOnlySubgraph({
  name: 'reporting',
  schema: 'reporting',
  defaultPort: 4003,
  statusQuery: 'reportingStatus',
  migrations: [Initial1763798400000, RowLevelSecurity1795720000000],
});
