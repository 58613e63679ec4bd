import {
  Actor,
  AuthError,
  Identity,
  Placement,
  Role,
  SCOPE_LEVELS,
  TargetLevel,
  actorsOf,
  decide,
  permissionOf,
  scopeLevelAllowed,
  targetOf,
} from '@funds/auth';
import type { DbScope } from '@funds/db-kit';
import { DomainError, notFound } from '../errors';
import type { RequestAudit } from '../audit';
import { LEVEL_WORD, NodeLevel } from './levels';
import { NodeRef, ancestorAt } from './node-ref';

/**
 * What the caller may see and do. Every identity but a national admin is limited to the subtree
 * of its scope node: a node is visible when its row's ancestry column for the scope's level holds
 * the scope node's id. Who may do what, and where, is the permission table (@funds/auth
 * PERMISSIONS, printed in docs/permissions.md): resolvers and services call
 * `authorize(<operation name>, target, field)` and this class applies the table's row.
 *
 * What a caller may learn of nodes outside its scope: nothing, not even that they exist. An id
 * outside the scope is answered exactly as an id that does not exist: node(id) and entity
 * references are null, a nested field (a parent, a residence, ...) is null, and every by-id
 * argument of a mutation is NOT_FOUND with the same message. Inside its scope a caller learns
 * that a node exists (FORBIDDEN says the role may not do that to it). A national admin's scope
 * is the whole network.
 */
export class Access {
  constructor(
    readonly identity: Identity,
    /** Level of the scope node; null for a national admin. */
    readonly scopeLevel: NodeLevel | null,
    /** The request's audit log; its transactions write a mutation's row (graphql-kit audit.ts). */
    private readonly audit?: RequestAudit,
  ) {}

  /** The caller's scope for row-level security (db-kit scope.ts), with the request's audit log. */
  get dbScope(): DbScope {
    return this.audit?.scope ?? { nodeId: this.identity.scopeNodeId, role: this.identity.role };
  }

  get isNational(): boolean {
    return this.identity.role === Role.NATIONAL_ADMIN;
  }

  canSee(ref: NodeRef): boolean {
    if (this.isNational) return true;
    return this.scopeLevel !== null && ancestorAt(ref, this.scopeLevel) === this.identity.scopeNodeId;
  }

  assertCanSee(ref: NodeRef, field = 'id'): void {
    if (!this.canSee(ref)) throw hidden(ref, field);
  }

  /** The actors the caller acts as in the permission table (a partner app: one per grant). */
  get actors(): Actor[] {
    return actorsOf(this.identity);
  }

  /**
   * Authorizes `operation` (its GraphQL name, or "Type.field" for a field rule) on `target`, the
   * node named by argument `field` (null: an operation that targets no node), by the permission
   * table (@funds/auth PERMISSIONS). Outside the scope: NOT_FOUND, as an id that does not exist;
   * inside it, a refusal of the table: FORBIDDEN.
   */
  authorize(operation: string, target: NodeRef | null, field?: string): void {
    const permission = permissionOf(operation);
    const rule = targetOf(permission, field, target?.level ?? null);
    const refusal = decide(this.actors, rule, target && this.placementOf(target));
    if (!refusal) return;
    const role = this.identity.role;
    switch (refusal) {
      case 'HIDDEN':
        throw hidden(target!, field ?? 'id');
      case 'OWN_NODE':
        throw new DomainError('FORBIDDEN', `Your own ${LEVEL_WORD[target!.level]} is managed from the level above`, field);
      case 'NOT_A_FUND':
        throw new DomainError('FORBIDDEN', `The ${role} role may ${rule.action} only in the fund it is scoped to`, field);
      case 'ROLE': {
        const worded = this.actors.map((a) => permission.refusals?.[a]).find(Boolean);
        if (worded) throw new DomainError('FORBIDDEN', worded, field);
        throw roleForbidden(role, rule.action);
      }
    }
  }

  /**
   * Authorizes `operation` on every node of `level` below `area` with one decision (an export's
   * rows): each lies in the scope exactly when `area` does, since they share its ancestry down to
   * its level, and none of them is the scope node (a visible area's scope node is the area or
   * above it). The caller has already checked that `area` itself is visible.
   */
  authorizeBelow(operation: string, area: NodeRef, level: NodeLevel, field?: string): void {
    this.authorize(operation, { ...area, level, id: '' }, field);
  }

  /** Where `target` lies for this caller. */
  placementOf(target: NodeRef): Placement {
    return {
      scopeLevel: this.scopeLevel as Placement['scopeLevel'],
      inScope: this.canSee(target),
      isScopeNode: !this.isNational && target.id === this.identity.scopeNodeId,
    };
  }

  /** Whether `operation` on `target` would be allowed (a read that answers null or leaves a field out instead of refusing). */
  allows(operation: string, target: NodeRef | null, field?: string): boolean {
    const rule = targetOf(permissionOf(operation), field, target?.level ?? null);
    return decide(this.actors, rule, target && this.placementOf(target)) === null;
  }
}

/**
 * Refuses an identity whose scope node lies at a level its role (or a partner app's grant) does not
 * work at (the permission table's SCOPE_LEVELS): INVALID_TOKEN, as for a scope node that does not
 * exist. A regional admin scoped to a group, or a fund officer to a county, is never let in.
 */
export function assertScopeLevel(identity: Identity, level: NodeLevel): void {
  const actors = actorsOf(identity);
  if (scopeLevelAllowed(actors, level as TargetLevel)) return;
  const allowed = (SCOPE_LEVELS[actors[0]] ?? []).filter((l) => actors.every((a) => SCOPE_LEVELS[a].includes(l)));
  throw new AuthError(
    'INVALID_TOKEN',
    `A ${actors.join(' and ')} is scoped to a ${allowed.map((l) => LEVEL_WORD[l as NodeLevel]).join(' or ') || 'node of no level'}; the token's scope node ${identity.scopeNodeId} is a ${LEVEL_WORD[level]}`,
  );
}

/** What a caller is told of a node outside its scope: the NOT_FOUND an id that does not exist gets. */
export function hidden(ref: NodeRef, field: string): DomainError {
  return notFound(LEVEL_WORD[ref.level], ref.id, field);
}

function roleForbidden(role: Role, action: string): DomainError {
  return new DomainError('FORBIDDEN', `The ${role} role may not ${action}`);
}
