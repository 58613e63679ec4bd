import { Identity, Role } from '@funds/auth';
import { DomainError, notFound } from '@funds/graphql-kit';
import { LEVEL_WORD, NodeLevel } from '../modules/hierarchy/hierarchy.enums';
import { NodeRef, ancestorAt } from './node-ref';

/**
 * What the caller may see and do. Every identity but a national admin is limited to the subtree
 * of its scope node: a node is visible when its row's ancestry column for the scope's level holds
 * the scope node's id. The rules (DESIGN.md section 6):
 * - national admin: everything;
 * - regional admin: reads its subtree, creates nodes under its scope node, manages nodes strictly
 *   below it, members, officers, partners links and formation of funds in it;
 * - fund officer: reads its fund, manages its members, officers and formation records;
 * - dashboard viewer: reads its subtree's nodes and counts, never members' personal data.
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
  ) {}

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

  /** Reading names, national ids, birth dates of members. */
  assertCanReadPersonal(ref: NodeRef, field = 'id'): void {
    this.assertCanSee(ref, field);
    if (this.identity.role === Role.DASHBOARD_VIEWER) {
      throw new DomainError('FORBIDDEN', "Dashboard viewers read counts, not members' personal data", field);
    }
  }

  /** Creating a node under `parent`. */
  assertCanCreateUnder(parent: NodeRef | null, field: string): void {
    if (this.isNational) return;
    if (this.identity.role !== Role.REGIONAL_ADMIN) throw roleForbidden(this.identity.role, 'change the hierarchy');
    if (!parent) throw new DomainError('FORBIDDEN', 'Only a national admin creates provinces', field);
    this.assertCanSee(parent, field);
  }

  /** Renaming, moving, archiving a node: it must lie strictly below a regional admin's scope node. */
  assertCanManageNode(ref: NodeRef, field = 'id'): void {
    if (this.isNational) return;
    if (this.identity.role !== Role.REGIONAL_ADMIN) throw roleForbidden(this.identity.role, 'change the hierarchy');
    this.assertCanSee(ref, field);
    if (ref.id === this.identity.scopeNodeId) {
      throw new DomainError('FORBIDDEN', `Your own ${LEVEL_WORD[ref.level]} is managed from the level above`, field);
    }
  }

  /** Enrolling, updating and moving members, appointing officers, recording formation. */
  assertCanManageFund(fund: NodeRef, field = 'fundId'): void {
    if (this.isNational) return;
    if (this.identity.role === Role.DASHBOARD_VIEWER) throw roleForbidden(this.identity.role, 'change a fund');
    this.assertCanSee(fund, field);
  }

  /** Activating or closing a fund is an admin decision, not the fund's own. */
  assertCanGovernFund(fund: NodeRef, field = 'fundId'): void {
    if (this.isNational) return;
    if (this.identity.role !== Role.REGIONAL_ADMIN) throw roleForbidden(this.identity.role, 'activate or close a fund');
    this.assertCanSee(fund, field);
  }

  assertAdmin(action: string): void {
    if (this.isNational || this.identity.role === Role.REGIONAL_ADMIN) return;
    throw roleForbidden(this.identity.role, action);
  }
}

/** What a caller is told of a node outside its scope: the NOT_FOUND an id that does not exist gets. */
export function hidden(ref: NodeRef, field: string): DomainError {
  return notFound(LEVEL_WORD[ref.level], ref.id, field);
}

function roleForbidden(role: Role, action: string): DomainError {
  return new DomainError('FORBIDDEN', `The ${role} role may not ${action}`);
}
