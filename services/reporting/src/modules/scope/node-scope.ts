import type { EntityManager } from 'typeorm';
import { preparedQuery } from '@funds/db-kit';
import { NodeLevel, NodeRef, scopeLevelLookup } from '@funds/graphql-kit';

const S = 'reporting';

/** Each country's zone: "today" for a node is the day where it is (as membership and the books count it). */
export const COUNTRY_TIME_ZONES: Readonly<Record<string, string>> = { IR: 'Asia/Tehran', VN: 'Asia/Ho_Chi_Minh' };

/** A node row's level and ancestry (a node's own id in its own level's column). */
export interface NodeAncestry {
  id: string;
  level: string;
  provinceId: string;
  countyId: string | null;
  villageId: string | null;
  fundId: string | null;
  groupId: string | null;
}

/**
 * Scope in reporting: the shared rules (@funds/graphql-kit Access) placed by reporting's own node
 * tree (fed by membership's events): a node is visible when its row's ancestry holds the caller's
 * scope node.
 */
export function nodeRefOf(row: NodeAncestry): NodeRef {
  return {
    level: row.level as NodeLevel,
    id: row.id,
    countryCode: '',
    provinceId: row.provinceId,
    countyId: row.countyId,
    villageId: row.villageId,
    fundId: row.fundId,
    groupId: row.groupId,
    status: '',
  };
}

/** A node row as the portfolio's breakdowns and series read it. */
export interface NodeRow extends NodeAncestry {
  name: string;
  countryCode: string;
}

/** The level below each level that has nodes below it (a group's members are not nodes). */
export const CHILD_LEVEL: Readonly<Record<string, string | undefined>> = {
  PROVINCE: 'COUNTY',
  COUNTY: 'VILLAGE',
  VILLAGE: 'FUND',
  FUND: 'GROUP',
};
const COLUMN: Readonly<Record<string, string>> = {
  PROVINCE: 'province_id',
  COUNTY: 'county_id',
  VILLAGE: 'village_id',
  FUND: 'fund_id',
};

/** The parent's id in a child row, by the parent's level. */
export const COLUMN_OF: Readonly<Record<string, (n: NodeAncestry) => string | null>> = {
  PROVINCE: (n) => n.provinceId,
  COUNTY: (n) => n.countyId,
  VILLAGE: (n) => n.villageId,
  FUND: (n) => n.fundId,
};

interface RawNode {
  id: string;
  level: string;
  name: string;
  country_code: string;
  province_id: string;
  county_id: string | null;
  village_id: string | null;
  fund_id: string | null;
  group_id: string | null;
}
const NODE_COLUMNS = 'id, level, name, country_code, province_id, county_id, village_id, fund_id, group_id';
const nodeRow = (r: RawNode): NodeRow => ({
  id: r.id,
  level: r.level,
  name: r.name,
  countryCode: r.country_code,
  provinceId: r.province_id,
  countyId: r.county_id,
  villageId: r.village_id,
  fundId: r.fund_id,
  groupId: r.group_id,
});

/**
 * All SQL of reporting's node tree as requests read it (row-level security leaves out what the
 * scope does not hold). Nodes and children are on every dashboard answer's path: prepared
 * statements (db-kit's preparedQuery), one text per level.
 */
export class ScopeRepository {
  constructor(private readonly em: EntityManager) {}

  async nodes(ids: readonly string[]): Promise<NodeRow[]> {
    const rows = await preparedQuery<RawNode>(this.em, `SELECT ${NODE_COLUMNS} FROM ${S}.node WHERE id = ANY($1::uuid[])`, [ids]);
    return rows.map(nodeRow);
  }

  /** The children of nodes of one level (not deleted), by name. */
  async children(level: string, ids: readonly string[]): Promise<NodeRow[]> {
    const child = CHILD_LEVEL[level];
    if (!child) return [];
    const rows = await preparedQuery<RawNode>(
      this.em,
      `SELECT ${NODE_COLUMNS} FROM ${S}.node WHERE ${COLUMN[level]} = ANY($1::uuid[]) AND level = $2 AND status <> 'DELETED'
        ORDER BY name, id`,
      [ids, child],
    );
    return rows.map(nodeRow);
  }

  /** The level of a node reporting knows (and the caller's scope lets it see); null when none. */
  async levelOf(nodeId: string): Promise<NodeLevel | null> {
    const [row]: { level: NodeLevel }[] = await this.em.query(`SELECT level FROM ${S}.node WHERE id = $1`, [nodeId]);
    return row?.level ?? null;
  }
}

/** A token's scope level, kept once known; a node reporting does not know yet is not cached. */
export const scopeLevel = scopeLevelLookup((em, nodeId) => new ScopeRepository(em).levelOf(nodeId));
