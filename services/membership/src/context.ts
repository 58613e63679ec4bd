import { Access } from '@funds/graphql-kit';
import type { ScopedDb } from '@funds/db-kit';
import type { BaseContext, RequestAudit } from '@funds/graphql-kit';

/**
 * Per request: the verified caller, what it may do, loaders, the database as the caller sees it
 * (every read a transaction with the caller's scope: row-level security), and the request's audit
 * log, which every mutation writes.
 */
export interface MembershipContext extends BaseContext {
  access: Access;
  db: ScopedDb;
  audit: RequestAudit;
}
