import type { IncomingMessage } from 'node:http';
import type { EntityManager } from 'typeorm';
import type { ScopedDatabase, ScopedDb } from '@funds/db-kit';
import { AuditOptions, RequestAudit } from '../audit';
import { BaseContext, baseContext } from '../context';
import { Access, assertScopeLevel } from './access';
import type { NodeLevel } from './levels';

/**
 * A service's lookup of a token's scope level (for Access), read through `levelOf` in the caller's
 * own scoped transaction and kept once known: a node's level never changes. A node the service
 * does not know yet (its events not applied) answers null and is asked again next time.
 */
export function scopeLevelLookup(
  levelOf: (em: EntityManager, nodeId: string) => Promise<NodeLevel | null>,
): (db: ScopedDatabase, identity: { scopeNodeId: string; role: string }) => Promise<NodeLevel | null> {
  const known = new Map<string, NodeLevel>();
  return async (db, { scopeNodeId, role }) => {
    const cached = known.get(scopeNodeId);
    if (cached) return cached;
    const level = await db.read({ nodeId: scopeNodeId, role }, (em) => levelOf(em, scopeNodeId));
    if (level) known.set(scopeNodeId, level);
    return level;
  };
}

/** What a subgraph's resolvers get: the caller (gateway-signed), its access, its audit log and its scoped database. */
export interface ScopedRequestContext extends BaseContext {
  access: Access;
  db: ScopedDb;
  audit: RequestAudit;
}

/**
 * A subgraph's request context: the identity the gateway signed, the level of its scope node
 * (`scopeLevel`, the service's own lookup; the role must fit it), its Access and audit log, and
 * the database seen in its scope. One factory for every subgraph and route that serves callers.
 */
export function scopedRequestContext(options: {
  gatewaySecret: string;
  database: ScopedDatabase;
  audit: AuditOptions;
  scopeLevel: (db: ScopedDatabase, identity: { scopeNodeId: string; role: string }) => Promise<NodeLevel | null>;
}): (req: IncomingMessage) => Promise<ScopedRequestContext> {
  return async (req) => {
    const base = baseContext(req.headers, options.gatewaySecret);
    const { scopeNodeId, role } = base.identity;
    const level = scopeNodeId ? await options.scopeLevel(options.database, { scopeNodeId, role }) : null;
    if (level) assertScopeLevel(base.identity, level);
    const audit = new RequestAudit(options.audit, base.identity, base.requestId);
    const access = new Access(base.identity, level, audit);
    return { ...base, access, audit, db: options.database.as(access.dbScope) };
  };
}
