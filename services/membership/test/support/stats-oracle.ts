import type { DataSource } from 'typeorm';
import { STATS_COLUMNS } from '../../src/modules/hierarchy/hierarchy.repository';

/**
 * The oracle for the maintained counters (membership.node_stats): the scan `stats` used to run
 * before them (one UNION of GROUP BYs over fund, member_group and member per level), here over
 * every node of the network at once, as the owner (no row-level security). `counterProblems`
 * lists every node whose counter row differs from it.
 */
const LEVELS: [level: string, table: string][] = [
  ['PROVINCE', 'province'],
  ['COUNTY', 'county'],
  ['VILLAGE', 'village'],
  ['FUND', 'fund'],
  ['GROUP', 'member_group'],
];

/** Column of each table that holds the id of an ancestor at a level (its own id at its own level). */
const KEY_COLUMN: Record<string, Partial<Record<string, string>>> = {
  fund: { PROVINCE: 'province_id', COUNTY: 'county_id', VILLAGE: 'village_id', FUND: 'id' },
  member_group: { PROVINCE: 'province_id', COUNTY: 'county_id', VILLAGE: 'village_id', FUND: 'fund_id', GROUP: 'id' },
  member: { PROVINCE: 'province_id', COUNTY: 'county_id', VILLAGE: 'village_id', FUND: 'fund_id', GROUP: 'group_id' },
};

export { STATS_COLUMNS };

function branch(table: string, key: string, where: string, counts: Partial<Record<(typeof STATS_COLUMNS)[number], string>>): string {
  const columns = STATS_COLUMNS.map((c) => `${counts[c] ?? '0'} AS ${c}`).join(', ');
  return `SELECT ${key} AS key, ${columns} FROM membership.${table} WHERE ${key} IS NOT NULL AND ${where} GROUP BY 1`;
}

/** The scan of every node of one level: node id -> counts (nodes with nothing under them absent). */
function scanSql(level: string): string {
  const parts: string[] = [];
  const fundKey = KEY_COLUMN.fund[level];
  if (fundKey) {
    parts.push(
      branch('fund', fundKey, `status <> 'ARCHIVED'`, { funds: 'count(*)', active_funds: `count(*) FILTER (WHERE status = 'ACTIVE')` }),
    );
  }
  parts.push(branch('member_group', KEY_COLUMN.member_group[level]!, `status = 'ACTIVE'`, { groups: 'count(*)' }));
  parts.push(
    branch('member', KEY_COLUMN.member[level]!, `status <> 'EXITED'`, {
      members: `count(*) FILTER (WHERE status = 'ACTIVE')`,
      women: `count(*) FILTER (WHERE status = 'ACTIVE' AND sex = 'FEMALE')`,
      men: `count(*) FILTER (WHERE status = 'ACTIVE' AND sex = 'MALE')`,
      female_headed_households: `count(*) FILTER (WHERE status = 'ACTIVE' AND female_head_of_household)`,
      with_disability: `count(*) FILTER (WHERE status = 'ACTIVE' AND has_disability)`,
      referred_by_partner: `count(*) FILTER (WHERE status = 'ACTIVE' AND referred_by_partner_id IS NOT NULL)`,
      suspended_members: `count(*) FILTER (WHERE status = 'SUSPENDED')`,
    }),
  );
  return `SELECT key, ${STATS_COLUMNS.map((c) => `sum(${c})::int AS ${c}`).join(', ')} FROM (${parts.join(' UNION ALL ')}) s GROUP BY key`;
}

export type Counts = Record<(typeof STATS_COLUMNS)[number], number>;
const ZERO = Object.fromEntries(STATS_COLUMNS.map((c) => [c, 0])) as Counts;

/** Every node's counts by the scan: node id -> counts, with a zero entry for each node nothing counts under. */
export async function scanAll(db: DataSource): Promise<Map<string, Counts & { level: string }>> {
  const result = new Map<string, Counts & { level: string }>();
  for (const [level, table] of LEVELS) {
    const nodes: { id: string }[] = await db.query(`SELECT id FROM membership.${table}`);
    for (const { id } of nodes) result.set(id, { level, ...ZERO });
    const rows: (Counts & { key: string })[] = await db.query(scanSql(level));
    for (const { key, ...counts } of rows) result.set(key, { level, ...counts });
  }
  return result;
}

/**
 * Nodes whose counter row is not what the scan counts, and counter rows that belong to no node or
 * carry another ancestry than their node's (row-level security reads it): empty when all is exact.
 */
export async function counterProblems(db: DataSource): Promise<unknown[]> {
  const scanned = await scanAll(db);
  const counters: (Counts & { node_id: string; level: string })[] = await db.query(
    `SELECT node_id, level, ${STATS_COLUMNS.join(', ')} FROM membership.node_stats`,
  );
  const stored = new Map(counters.map(({ node_id, ...rest }) => [node_id, rest]));
  const problems: unknown[] = [];
  for (const [id, expected] of scanned) {
    const actual = stored.get(id) ?? { ...ZERO, level: expected.level };
    const differs = STATS_COLUMNS.filter((c) => actual[c] !== expected[c] || actual.level !== expected.level);
    if (differs.length) problems.push({ id, level: expected.level, expected, actual });
  }
  for (const id of stored.keys()) if (!scanned.has(id)) problems.push({ id, stale: 'a counter row for no node' });
  const misplaced = await db.query(
    `SELECT s.node_id, s.level FROM membership.node_stats s
       LEFT JOIN membership.province p ON p.id = s.node_id
       LEFT JOIN membership.county c ON c.id = s.node_id
       LEFT JOIN membership.village v ON v.id = s.node_id
       LEFT JOIN membership.fund f ON f.id = s.node_id
       LEFT JOIN membership.member_group g ON g.id = s.node_id
      WHERE (s.province_id, s.county_id, s.village_id, s.fund_id, s.group_id) IS DISTINCT FROM (
              coalesce(p.id, c.province_id, v.province_id, f.province_id, g.province_id),
              coalesce(c.id, v.county_id, f.county_id, g.county_id),
              coalesce(v.id, f.village_id, g.village_id),
              coalesce(f.id, g.fund_id),
              g.id)`,
  );
  for (const row of misplaced) problems.push({ ...row, misplaced: 'ancestry differs from its node' });
  return problems;
}
