import type { EntityManager } from 'typeorm';
import type { ScopedDatabase } from '@funds/db-kit';
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
