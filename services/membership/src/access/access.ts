import { Identity, Role } from '@funds/auth';
import { DomainError } from '@funds/graphql-kit';
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
    if (!this.canSee(ref)) throw outOfScope(ref, field);
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

export function outOfScope(ref: NodeRef, field: string): DomainError {
  return new DomainError('OUT_OF_SCOPE', `The ${LEVEL_WORD[ref.level]} ${ref.id} is outside your scope`, field);
}

function roleForbidden(role: Role, action: string): DomainError {
  return new DomainError('FORBIDDEN', `The ${role} role may not ${action}`);
}
