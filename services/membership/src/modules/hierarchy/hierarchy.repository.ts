import type { DataSource, EntityManager, ObjectLiteral, Repository } from 'typeorm';
import { hydrate, hydrateJson, isUuid, preparedQuery } from '@funds/db-kit';
import { ancestorAt, CursorCodec, CursorPart, groupByKeys, NodeRef, Page, toPage } from '@funds/graphql-kit';
import { NodeLevel, NodeStatus, LEVEL_COLUMN, LEVEL_ORDER, LEVEL_TABLE, LEVEL_WORD } from './hierarchy.enums';
import { Country } from './country.entity';
import { Province } from './province.entity';
import { County } from './county.entity';
import { Village } from './village.entity';
import { Fund } from './fund.entity';
import { Group } from './group.entity';

const S = 'membership';

/** How to list one kind of child: its table, its parent column, its sort order and search columns. */
export interface ChildList<T extends ObjectLiteral> {
  entity: { new (): T };
  /** The level its rows are (their counter rows are keyed by id whatever the level). */
  level: NodeLevel;
  table: string;
  sort: { column: string; property: keyof T & string; kind: CursorPart }[];
  search: string[];
  /** Cursors of this list: its sort key, refused when it comes from another list. */
  cursor: CursorCodec<T>;
}

export function childList<T extends ObjectLiteral>(definition: Omit<ChildList<T>, 'cursor'>): ChildList<T> {
  const parts = definition.sort.map((s) => ({ kind: s.kind, of: (item: T) => item[s.property] as string }));
  return { ...definition, cursor: new CursorCodec<T>(definition.table, parts) };
}

const BY_NAME = [
  { column: 'name', property: 'name', kind: 'text' },
  { column: 'id', property: 'id', kind: 'uuid' },
] as const;

export const LISTS = {
  province: childList<Province>({
    entity: Province,
    level: NodeLevel.PROVINCE,
    table: 'province',
    sort: [...BY_NAME],
    search: ['name', 'name_latin'],
  }),
  county: childList<County>({
    entity: County,
    level: NodeLevel.COUNTY,
    table: 'county',
    sort: [...BY_NAME],
    search: ['name', 'name_latin'],
  }),
  village: childList<Village>({
    entity: Village,
    level: NodeLevel.VILLAGE,
    table: 'village',
    sort: [...BY_NAME],
    search: ['name', 'name_latin'],
  }),
  fund: childList<Fund>({ entity: Fund, level: NodeLevel.FUND, table: 'fund', sort: [...BY_NAME], search: ['name', 'name_latin'] }),
  group: childList<Group>({
    entity: Group,
    level: NodeLevel.GROUP,
    table: 'member_group',
    sort: [...BY_NAME],
    search: ['name', 'name_latin'],
  }),
};

export interface ListFilter {
  statuses?: string[] | null;
  search?: string | null;
}

export interface ListArgs extends ListFilter {
  first: number;
  after?: string | null;
  /** The fields the list's selection asks of its nodes (connectionNodeFields); null or absent: read every column. */
  fields?: string[] | null;
}

/**
 * Fields of a hierarchy node a page can answer from its light columns (LIGHT_COLUMNS): the id, the
 * name, the Latin name and the status, the counters read with the page, the ancestry (parents,
 * breadcrumbs, access rules) and the lists below, which need only the id.
 */
const LIGHT_FIELDS = new Set([
  '__typename',
  'id',
  'name',
  'nameLatin',
  'status',
  'stats',
  'ancestry',
  'level',
  'province',
  'county',
  'village',
  'fund',
  'counties',
  'villages',
  'funds',
  'groups',
  'members',
]);
const LIGHT_COLUMNS = ['id', 'name', 'name_latin', 'status', 'province_id', 'county_id', 'village_id', 'fund_id'];
const listColumnsCache = new Map<string, string[]>();

/**
 * The columns a child page reads, named (never t.*, so it can be a prepared statement): a level's
 * light columns when every field asked of its nodes is one of LIGHT_FIELDS, else every column (as
 * for members, and when the fields are not known). Two shapes a list, so two prepared statements
 * a filter at most on a connection, whatever fields clients combine. A tree asking names and
 * counts reads 6 to 8 columns, not a fund's 28: rows parsed per node (timestamps above all) were a
 * tenth of membership's CPU on a browse.
 */
function listColumns<T extends ObjectLiteral>(repo: Repository<T>, list: ChildList<T>, fields: string[] | null | undefined): string[] {
  const light = list.level !== NodeLevel.MEMBER && !!fields && fields.every((field) => LIGHT_FIELDS.has(field));
  const cacheKey = `${list.table}:${light}`;
  let columns = listColumnsCache.get(cacheKey);
  if (!columns) {
    const all = repo.metadata.columns.map((c) => c.databaseName);
    columns = light ? all.filter((c) => LIGHT_COLUMNS.includes(c) || list.sort.some((s) => s.column === c)) : all;
    listColumnsCache.set(cacheKey, columns);
  }
  return columns;
}

export interface NodeStatsRow {
  key: string;
  funds: number;
  activeFunds: number;
  groups: number;
  members: number;
  women: number;
  men: number;
  femaleHeadedHouseholds: number;
  withDisability: number;
  referredByPartner: number;
  suspendedMembers: number;
}

/** The counter columns of membership.node_stats, selected as `_s_<column>` next to a node's own columns. */
export const STATS_COLUMNS = [
  'funds',
  'active_funds',
  'groups',
  'members',
  'women',
  'men',
  'female_headed_households',
  'with_disability',
  'referred_by_partner',
  'suspended_members',
] as const;
const statsSelect = (alias: string) => STATS_COLUMNS.map((c) => `${alias}.${c} AS _s_${c}`).join(', ');

/** A node's counts from its `_s_` columns (zero for a node without a counter row, or one row-level security hides). */
function statsOf(key: string, r: Record<string, unknown> | undefined): NodeStatsRow {
  const n = (c: (typeof STATS_COLUMNS)[number]) => Number(r?.[`_s_${c}`] ?? 0);
  return {
    key,
    funds: n('funds'),
    activeFunds: n('active_funds'),
    groups: n('groups'),
    members: n('members'),
    women: n('women'),
    men: n('men'),
    femaleHeadedHouseholds: n('female_headed_households'),
    withDisability: n('with_disability'),
    referredByPartner: n('referred_by_partner'),
    suspendedMembers: n('suspended_members'),
  };
}

/** A node read together with its counter row carries its counts here (its `stats` then needs no loader). */
export const READ_STATS = Symbol('readStats');
export type WithStats = { [READ_STATS]?: NodeStatsRow };

function withStats<T extends object>(node: T, stats: NodeStatsRow): T {
  (node as WithStats)[READ_STATS] = stats;
  return node;
}

/**
 * Pages of children for each parent asked (each child carrying its counts: READ_STATS), with each
 * parent's total when the page is a first one (no cursor), which the same statement answered.
 */
export interface ChildPages<T extends ObjectLiteral> {
  pages: Page<T>[];
  totals: number[] | null;
}

/** A node found by id with its row and its counts (READ_STATS), in one statement (members: the ref only). */
export interface OpenedNode {
  ref: NodeRef;
  node: Province | County | Village | Fund | Group | null;
}

const LEVEL_ENTITY = {
  [NodeLevel.PROVINCE]: Province,
  [NodeLevel.COUNTY]: County,
  [NodeLevel.VILLAGE]: Village,
  [NodeLevel.FUND]: Fund,
  [NodeLevel.GROUP]: Group,
} as const;

function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** WHERE fragments shared by pages and counts. */
function filterSql(list: ChildList<any>, filter: ListFilter, params: unknown[]): string {
  const parts: string[] = [];
  if (filter.statuses?.length) {
    params.push(filter.statuses);
    parts.push(`t.status = ANY($${params.length})`);
  }
  if (filter.search?.trim()) {
    params.push(likePattern(filter.search.trim()));
    parts.push(`(${list.search.map((c) => `t.${c} ILIKE $${params.length}`).join(' OR ')})`);
  }
  return parts.map((p) => ` AND ${p}`).join('');
}

/** The level and ancestry of ids of any level, one UNION ALL branch a table; `withRows` adds each node's row as JSON. */
function locateSql(withRows: boolean): string {
  const row = (alias: string) => (withRows ? `, to_jsonb(${alias}.*) AS row` : '');
  return `SELECT 'PROVINCE' AS level, p.id, p.country_code, p.id AS province_id, NULL::uuid AS county_id, NULL::uuid AS village_id, NULL::uuid AS fund_id, NULL::uuid AS group_id, p.status${row('p')}
         FROM ${S}.province p WHERE p.id = ANY($1)
       UNION ALL
       SELECT 'COUNTY', c.id, p.country_code, c.province_id, c.id, NULL, NULL, NULL, c.status${row('c')}
         FROM ${S}.county c JOIN ${S}.province p ON p.id = c.province_id WHERE c.id = ANY($1)
       UNION ALL
       SELECT 'VILLAGE', v.id, p.country_code, v.province_id, v.county_id, v.id, NULL, NULL, v.status${row('v')}
         FROM ${S}.village v JOIN ${S}.province p ON p.id = v.province_id WHERE v.id = ANY($1)
       UNION ALL
       SELECT 'FUND', f.id, p.country_code, f.province_id, f.county_id, f.village_id, f.id, NULL, f.status${row('f')}
         FROM ${S}.fund f JOIN ${S}.province p ON p.id = f.province_id WHERE f.id = ANY($1)
       UNION ALL
       SELECT 'GROUP', g.id, p.country_code, g.province_id, g.county_id, g.village_id, g.fund_id, g.id, g.status${row('g')}
         FROM ${S}.member_group g JOIN ${S}.province p ON p.id = g.province_id WHERE g.id = ANY($1)
       UNION ALL
       SELECT 'MEMBER', m.id, m.country_code, m.province_id, m.county_id, m.village_id, m.fund_id, m.group_id, m.status${withRows ? ', NULL::jsonb' : ''}
         FROM ${S}.member m WHERE m.id = ANY($1)`;
}

function refOf(r: Record<string, unknown>): NodeRef {
  return {
    level: r.level as NodeLevel,
    id: r.id as string,
    countryCode: r.country_code as string,
    provinceId: r.province_id as string,
    countyId: r.county_id as string | null,
    villageId: r.village_id as string | null,
    fundId: r.fund_id as string | null,
    groupId: r.group_id as string | null,
    status: r.status as string,
  };
}

/** All SQL about the hierarchy's shape. Each method is one statement, however many keys it gets. */
export class HierarchyRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  private repo<T extends ObjectLiteral>(entity: { new (): T }): Repository<T> {
    return this.db.getRepository(entity);
  }

  /** Every country of the network, by code. */
  countries(): Promise<Country[]> {
    return this.repo(Country).find({ order: { code: 'ASC' } });
  }

  /** Level and ancestry of any node or member, by id. */
  async locate(input: readonly string[]): Promise<NodeRef[]> {
    const ids = input.filter(isUuid);
    if (ids.length === 0) return [];
    const rows: Record<string, unknown>[] = await preparedQuery(this.db, locateSql(false), [ids]);
    return rows.map(refOf);
  }

  /**
   * What `node(id)` needs of each id, in one statement: its ref, its row (as JSON, for the
   * hierarchy's levels; a member's is left to the member loader) and its counts.
   */
  async open(input: readonly string[]): Promise<OpenedNode[]> {
    const ids = input.filter(isUuid);
    if (ids.length === 0) return [];
    const rows: Record<string, unknown>[] = await preparedQuery(
      this.db,
      `SELECT u.*, ${statsSelect('ns')} FROM (${locateSql(true)}) u LEFT JOIN ${S}.node_stats ns ON ns.node_id = u.id`,
      [ids],
    );
    return rows.map((r) => {
      const ref = refOf(r);
      const entity = ref.level === NodeLevel.MEMBER ? null : LEVEL_ENTITY[ref.level];
      const node =
        entity && r.row
          ? withStats(hydrateJson(this.repo<InstanceType<typeof entity>>(entity), r.row as Record<string, unknown>), statsOf(ref.id, r))
          : null;
      return { ref, node };
    });
  }

  /**
   * Locks a node's row and returns its ref as it is once the lock is held: after this, until the
   * transaction ends, no move can change its ancestry (a move is an UPDATE of its row or a cascade
   * into it). 'share' keeps the row as it is; 'update' (FOR NO KEY UPDATE) also admits one writer
   * at a time, while children may still be inserted under it. Null when the row is gone.
   */
  async lockNode(level: NodeLevel, id: string, mode: 'share' | 'update'): Promise<NodeRef | null> {
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM ${S}.${LEVEL_TABLE[level]} WHERE id = $1 FOR ${mode === 'share' ? 'SHARE' : 'NO KEY UPDATE'}`,
      [id],
    );
    if (!rows.length) return null;
    // A new statement: it reads the row as committed now, not as it was before the lock was granted.
    const [ref] = await this.locate([id]);
    return ref ?? null;
  }

  /**
   * Locks every row under a node, level by level and in id order, before a move rewrites their
   * ancestry by cascade. Taken after the moved node's own lock and before its UPDATE, so a
   * transaction that locked one of these rows (to enrol into a fund, say) finishes first and
   * none can wait on the moved node while holding one of them.
   */
  async lockSubtree(ref: NodeRef): Promise<void> {
    if (ref.level === NodeLevel.MEMBER) return;
    const column = LEVEL_COLUMN[ref.level];
    for (const level of LEVEL_ORDER.slice(LEVEL_ORDER.indexOf(ref.level) + 1)) {
      await this.db.query(
        `SELECT count(*) FROM (SELECT 1 FROM ${S}.${LEVEL_TABLE[level]} WHERE ${column} = $1 ORDER BY id FOR UPDATE) locked`,
        [ref.id],
      );
    }
  }

  /**
   * Puts a node under a new parent: one UPDATE of its own ancestry columns. The composite foreign
   * keys over the ancestry columns (ON UPDATE CASCADE) carry the change to everything under it.
   */
  async reparent(ref: NodeRef, parent: NodeRef): Promise<void> {
    const above = LEVEL_ORDER.slice(0, LEVEL_ORDER.indexOf(ref.level));
    const params: unknown[] = [ref.id];
    const sets = above.map((level) => {
      params.push(ancestorAt(parent, level));
      return `${LEVEL_COLUMN[level as keyof typeof LEVEL_COLUMN]} = $${params.length}`;
    });
    await this.db.query(`UPDATE ${S}.${LEVEL_TABLE[ref.level]} SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, params);
  }

  /** The IANA time zone of each country code asked for (undefined for an unknown code), in order. */
  async countryTimeZones(codes: readonly string[]): Promise<(string | undefined)[]> {
    const rows: { code: string; time_zone: string }[] = await this.db.query(
      `SELECT code, time_zone FROM ${S}.country WHERE code = ANY($1)`,
      [codes],
    );
    const zones = new Map(rows.map((r) => [r.code, r.time_zone]));
    return codes.map((code) => zones.get(code));
  }

  async byIds<T extends ObjectLiteral>(entity: { new (): T }, ids: readonly string[]): Promise<T[]> {
    if (ids.length === 0) return [];
    const repo = this.repo(entity);
    return repo.createQueryBuilder('t').where('t.id = ANY(:ids)', { ids }).getMany();
  }

  /**
   * One page of children for each parent, in one statement: rows are numbered per parent with a
   * window function, and each parent keeps `first + 1` of them (the extra one says a next page
   * exists). The same statement reads the kept children's counter rows and, for a first page,
   * counts each parent's children with these filters (a connection's totalCount), so a level of
   * a tree costs one statement whatever it asks of its nodes.
   */
  async childPages<T extends ObjectLiteral>(
    list: ChildList<T>,
    parentColumn: string | null,
    parentIds: readonly string[] | null,
    args: ListArgs,
  ): Promise<ChildPages<T>> {
    // parentColumn null: a root list, limited to parentIds (as ids) when given, else everything.
    const params: unknown[] = parentIds ? [parentIds] : [];
    const parentSql = parentColumn ? `t.${parentColumn} = ANY($1)` : parentIds ? `t.id = ANY($1)` : 'TRUE';
    let where = parentSql + filterSql(list, args, params);
    if (args.after) {
      const key = list.cursor.decode(args.after);
      const placeholders = key.map((value) => {
        params.push(value);
        return `$${params.length}`;
      });
      where += ` AND (${list.sort.map((s) => `t.${s.column}`).join(', ')}) > (${placeholders.join(', ')})`;
    }
    params.push(args.first + 1);
    const order = list.sort.map((s) => `t.${s.column}`).join(', ');
    const partition = parentColumn ? `PARTITION BY t.${parentColumn} ` : '';
    // After a cursor the rows left are not the parent's whole list: its total is counted apart.
    const total = args.after ? '' : `, count(*) OVER (${partition.trim()}) AS _total`;
    // Members have no counter rows of their own.
    const counters = list.level !== NodeLevel.MEMBER;
    const repo = this.repo(list.entity);
    const columns = listColumns(repo, list, args.fields)
      .map((c) => `t.${c}`)
      .join(', ');
    // A prepared statement (one text per list, filters and column shape): planning the window
    // over a level cost more than running it.
    const rows = await preparedQuery<Record<string, unknown>>(
      this.db,
      `SELECT s.*${counters ? `, ${statsSelect('ns')}` : ''} FROM (
         SELECT ${columns}, ${parentColumn ? `t.${parentColumn}` : 'NULL::uuid'} AS _parent, row_number() OVER (${partition}ORDER BY ${order}) AS _rn${total}
         FROM ${S}.${list.table} t WHERE ${where}
       ) s${counters ? ` LEFT JOIN ${S}.node_stats ns ON ns.node_id = s.id` : ''}
       WHERE s._rn <= $${params.length} ORDER BY s._parent, s._rn`,
      params,
    );
    const grouped = parentColumn && parentIds ? groupByKeys(parentIds, rows, (r) => r._parent as string) : [rows];
    return {
      pages: grouped.map((group) =>
        toPage(
          group.map((r) => (counters ? withStats(hydrate(repo, r), statsOf(r.id as string, r)) : hydrate(repo, r))),
          args.first,
          list.cursor,
        ),
      ),
      totals: args.after ? null : grouped.map((group) => Number(group[0]?._total ?? 0)),
    };
  }

  /** How many children each parent has with these filters: one GROUP BY statement. */
  async childCounts(
    list: ChildList<any>,
    parentColumn: string | null,
    parentIds: readonly string[] | null,
    filter: ListFilter,
  ): Promise<number[]> {
    const params: unknown[] = parentIds ? [parentIds] : [];
    const parentSql = parentColumn ? `t.${parentColumn} = ANY($1)` : parentIds ? `t.id = ANY($1)` : 'TRUE';
    const rows: { k: string | null; n: number }[] = await this.db.query(
      `SELECT ${parentColumn ? `t.${parentColumn}` : 'NULL::uuid'} AS k, count(*)::int AS n FROM ${S}.${list.table} t
        WHERE ${parentSql}${filterSql(list, filter, params)} GROUP BY 1`,
      params,
    );
    if (!parentColumn) return [rows.reduce((sum, r) => sum + r.n, 0)];
    const counts = new Map(rows.map((r) => [r.k, r.n]));
    return (parentIds ?? []).map((id) => counts.get(id) ?? 0);
  }

  /**
   * Counts under each node asked for: one indexed read of their counter rows (membership.node_stats,
   * kept exact by triggers in the transaction of every write: migration NodeStatsCounters1796000000000),
   * so the cost follows the nodes asked, not the members under them. A node without a row counts
   * zero; so does one whose row row-level security hides (a node above the caller's scope, which no
   * field opens).
   */
  async stats(ids: readonly string[]): Promise<NodeStatsRow[]> {
    if (ids.length === 0) return [];
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT ns.node_id AS key, ${statsSelect('ns')} FROM ${S}.node_stats ns WHERE ns.node_id = ANY($1)`,
      [ids],
    );
    const byKey = new Map(rows.map((r) => [r.key as string, r]));
    return ids.map((key) => statsOf(key, byKey.get(key)));
  }

  /** Children that are not archived (or members not exited) under a node: refuses archiving and deleting. */
  async liveChildren(ref: NodeRef): Promise<{ table: string; n: number }[]> {
    if (ref.level === NodeLevel.MEMBER) return [];
    const col = LEVEL_COLUMN[ref.level];
    const child = LEVEL_ORDER[LEVEL_ORDER.indexOf(ref.level) + 1];
    const checks: string[] = [];
    if (child !== NodeLevel.MEMBER) {
      checks.push(
        `SELECT '${LEVEL_WORD[child]}' AS t, count(*)::int AS n FROM ${S}.${LEVEL_TABLE[child]} WHERE ${col} = $1 AND status <> '${NodeStatus.ARCHIVED}'`,
      );
    }
    checks.push(`SELECT 'member' AS t, count(*)::int AS n FROM ${S}.member WHERE ${col} = $1 AND status <> 'EXITED'`);
    const rows: { t: string; n: number }[] = await this.db.query(checks.join(' UNION ALL '), [ref.id]);
    return rows.filter((r) => r.n > 0).map((r) => ({ table: r.t, n: r.n }));
  }

  /** Anything at all under a node, archived or not, or a partner link or API key (revoked too) granted it (hard delete needs none). */
  async anythingUnder(ref: NodeRef): Promise<boolean> {
    if (ref.level === NodeLevel.MEMBER) return false;
    const col = LEVEL_COLUMN[ref.level];
    const tables = LEVEL_ORDER.slice(LEVEL_ORDER.indexOf(ref.level) + 1).map((level) => LEVEL_TABLE[level]);
    const extra =
      ref.level === NodeLevel.FUND
        ? [`SELECT 1 FROM ${S}.officer WHERE fund_id = $1`, `SELECT 1 FROM ${S}.formation_step WHERE fund_id = $1`]
        : [];
    const [row]: { any: boolean }[] = await this.db.query(
      `SELECT EXISTS (${[...tables.map((t) => `SELECT 1 FROM ${S}.${t} WHERE ${col} = $1`), ...extra, `SELECT 1 FROM ${S}.partner_link WHERE node_id = $1`, `SELECT 1 FROM ${S}.api_key WHERE node_id = $1`].join(' UNION ALL ')}) AS any`,
      [ref.id],
    );
    return row.any;
  }
}
