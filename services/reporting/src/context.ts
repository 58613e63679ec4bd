import type { ScopedDb } from '@funds/db-kit';
import type { Access, BaseContext, Clock } from '@funds/graphql-kit';

/**
 * Per request: the verified caller, what it may see (the shared scope rules, placed by reporting's
 * node tree), the database as the caller sees it (row-level security), and where "today" comes from.
 */
export interface ReportingContext extends BaseContext {
  access: Access;
  db: ScopedDb;
  clock: Clock;
}
