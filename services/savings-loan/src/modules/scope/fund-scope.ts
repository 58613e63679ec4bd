import type { EntityManager } from 'typeorm';
import type { AuditAncestry } from '@funds/db-kit';
import { Access, AuditTarget, DomainError, NodeLevel, NodeRef, hidden, scopeLevelLookup } from '@funds/graphql-kit';

/** savings-loan's Postgres schema. */
const S = 'savings_loan';
/**
 * Scope in savings-loan: the shared rules (@funds/graphql-kit Access, the permission table) fed by
 * savings-loan's own reference tables (fund_ref, group_ref, member_ref, kept by membership's
 * events): a fund, group or member is placed by the ancestry its reference row carries.
 */
export interface FundRefRow {
  ref: NodeRef;
  name: string;
  currency: string;
  status: string;
  methodology: string;
  policy: Record<string, unknown>;
  /** Whether its books are open (fund_book exists). */
  hasBooks: boolean;
}

export interface MemberRefRow {
  ref: NodeRef;
  status: string;
  joinedOn: string;
}

interface AncestryRow {
  id: string;
  country_code?: string;
  province_id: string;
  county_id: string;
  village_id: string;
  fund_id?: string;
  group_id?: string | null;
  status: string;
}

export function fundNodeRef(row: AncestryRow): NodeRef {
  return {
    level: NodeLevel.FUND,
    id: row.id,
    countryCode: row.country_code ?? '',
    provinceId: row.province_id,
    countyId: row.county_id,
    villageId: row.village_id,
    fundId: row.id,
    groupId: null,
    status: row.status,
  };
}

export function memberNodeRef(row: AncestryRow): NodeRef {
  return {
    level: NodeLevel.MEMBER,
    id: row.id,
    countryCode: '',
    provinceId: row.province_id,
    countyId: row.county_id,
    villageId: row.village_id,
    fundId: row.fund_id ?? null,
    groupId: row.group_id ?? null,
    status: row.status,
  };
}

export function groupNodeRef(row: AncestryRow): NodeRef {
  return { ...memberNodeRef(row), level: NodeLevel.GROUP, groupId: row.id };
}

/**
 * Funds already read in a transaction (its EntityManager): a fund is read once per transaction, so
 * every part of it (scope, rules, the audit row's target) sees the same row, for one statement.
 */
const fundsRead = new WeakMap<EntityManager, Map<string, FundRefRow>>();

export class ScopeRepository {
  constructor(private readonly em: EntityManager) {}

  async funds(ids: readonly string[]): Promise<Map<string, FundRefRow>> {
    let known = fundsRead.get(this.em);
    if (!known) fundsRead.set(this.em, (known = new Map()));
    const missing = ids.filter((id) => !known.has(id));
    if (missing.length > 0) for (const [id, fund] of await this.readFunds(missing)) known.set(id, fund);
    return new Map(ids.filter((id) => known.has(id)).map((id) => [id, known.get(id)!]));
  }

  private async readFunds(ids: readonly string[]): Promise<Map<string, FundRefRow>> {
    const rows: (AncestryRow & {
      name: string;
      currency: string;
      methodology: string;
      policy: Record<string, unknown>;
      has_books: boolean;
    })[] = await this.em.query(
      `SELECT f.id, f.country_code, f.province_id, f.county_id, f.village_id, f.status, f.name, f.currency, f.methodology, f.policy,
                EXISTS (SELECT 1 FROM ${S}.fund_book b WHERE b.fund_id = f.id) AS has_books
           FROM ${S}.fund_ref f WHERE f.id = ANY ($1::uuid[])`,
      [ids],
    );
    return new Map(
      rows.map((r) => [
        r.id,
        {
          ref: fundNodeRef(r),
          name: r.name,
          currency: r.currency,
          status: r.status,
          methodology: r.methodology,
          policy: r.policy,
          hasBooks: r.has_books,
        },
      ]),
    );
  }

  async members(ids: readonly string[]): Promise<Map<string, MemberRefRow>> {
    const rows: (AncestryRow & { joined_on: string })[] = await this.em.query(
      `SELECT id, fund_id, group_id, province_id, county_id, village_id, status, to_char(joined_on, 'YYYY-MM-DD') AS joined_on
         FROM ${S}.member_ref WHERE id = ANY ($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, { ref: memberNodeRef(r), status: r.status, joinedOn: r.joined_on }]));
  }

  async groups(ids: readonly string[]): Promise<Map<string, NodeRef>> {
    const rows: AncestryRow[] = await this.em.query(
      `SELECT id, fund_id, province_id, county_id, village_id, status FROM ${S}.group_ref WHERE id = ANY ($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, groupNodeRef(r)]));
  }

  /** The level of a node, from the reference rows under it that the caller can see; null when none. */
  async levelOf(nodeId: string): Promise<NodeLevel | null> {
    const [row]: { level: NodeLevel | null }[] = await this.em.query(
      `SELECT CASE
         WHEN EXISTS (SELECT 1 FROM ${S}.fund_ref WHERE id = $1) THEN 'FUND'
         WHEN EXISTS (SELECT 1 FROM ${S}.group_ref WHERE id = $1) THEN 'GROUP'
         WHEN EXISTS (SELECT 1 FROM ${S}.fund_ref WHERE village_id = $1) THEN 'VILLAGE'
         WHEN EXISTS (SELECT 1 FROM ${S}.fund_ref WHERE county_id = $1) THEN 'COUNTY'
         WHEN EXISTS (SELECT 1 FROM ${S}.fund_ref WHERE province_id = $1) THEN 'PROVINCE'
       END AS level`,
      [nodeId],
    );
    return row?.level ?? null;
  }

  /** The ancestry of any node the books know (for an audit row with no target). */
  async ancestryOf(nodeId: string): Promise<AuditAncestry> {
    const [row]: { province_id: string; county_id: string | null; village_id: string | null; fund_id: string | null }[] =
      await this.em.query(
        `SELECT province_id,
              CASE WHEN province_id = $1 THEN NULL ELSE county_id END AS county_id,
              CASE WHEN village_id = $1 OR id = $1 THEN village_id END AS village_id,
              CASE WHEN id = $1 THEN id END AS fund_id
         FROM ${S}.fund_ref WHERE $1 IN (id, village_id, county_id, province_id) LIMIT 1`,
        [nodeId],
      );
    return row ? { provinceId: row.province_id, countyId: row.county_id, villageId: row.village_id, fundId: row.fund_id } : {};
  }
}

/** A fund the caller names: found and visible (else NOT_FOUND, as one that does not exist), with open books. */
export async function locateFund(access: Access, em: EntityManager, fundId: string, field = 'fundId'): Promise<FundRefRow> {
  const fund = (await new ScopeRepository(em).funds([fundId])).get(fundId);
  if (!fund || !access.canSee(fund.ref)) throw hidden({ level: NodeLevel.FUND, id: fundId } as NodeRef, field);
  if (!fund.hasBooks) throw new DomainError('NOT_FOUND', `The books of fund ${fundId} are not open yet; try again in a moment`, field);
  return fund;
}

/** A member the caller names: found and visible (else NOT_FOUND). */
export async function locateMember(access: Access, em: EntityManager, memberId: string, field = 'memberId'): Promise<MemberRefRow> {
  const member = (await new ScopeRepository(em).members([memberId])).get(memberId);
  if (!member || !access.canSee(member.ref)) throw hidden({ level: NodeLevel.MEMBER, id: memberId } as NodeRef, field);
  return member;
}

/** The audit row's target for a savings-loan mutation's result: the fund its `fundId` names. */
export async function auditTargetOf(result: unknown, em: EntityManager): Promise<AuditTarget | null> {
  const fundId = findFundId(result);
  if (!fundId) return null;
  const fund = (await new ScopeRepository(em).funds([fundId])).get(fundId);
  if (!fund) return null;
  return {
    id: fundId,
    level: NodeLevel.FUND,
    ancestry: { provinceId: fund.ref.provinceId, countyId: fund.ref.countyId, villageId: fund.ref.villageId, fundId },
  };
}

function findFundId(result: unknown, depth = 0): string | null {
  if (!result || typeof result !== 'object' || depth > 2) return null;
  const row = result as Record<string, unknown>;
  if (typeof row.fundId === 'string') return row.fundId;
  for (const value of Object.values(row)) {
    const found = findFundId(value, depth + 1);
    if (found) return found;
  }
  return null;
}

export async function scopeAncestry(em: EntityManager, scopeNodeId: string): Promise<AuditAncestry> {
  return new ScopeRepository(em).ancestryOf(scopeNodeId);
}

/** A token's scope level, kept once known; a node with no funds under it (yet) is not cached. */
export const scopeLevel = scopeLevelLookup((em, nodeId) => new ScopeRepository(em).levelOf(nodeId));
