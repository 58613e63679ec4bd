import type { ScopedDb } from '@funds/db-kit';
import type { Access, BaseContext, RequestAudit } from '@funds/graphql-kit';

/**
 * Per request: the verified caller, what it may do (the shared permission table and scope), the
 * database as the caller sees it (row-level security), and the request's audit log.
 */
export interface SavingsLoanContext extends BaseContext {
  access: Access;
  db: ScopedDb;
  audit: RequestAudit;
}
