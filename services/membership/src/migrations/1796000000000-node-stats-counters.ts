import { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'membership';

/** The counters of a node, in the order of the table's columns. */
const COUNTERS = [
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
type Counter = (typeof COUNTERS)[number];

const ANCESTRY = ['province_id', 'county_id', 'village_id', 'fund_id', 'group_id'] as const;
type AncestryColumn = (typeof ANCESTRY)[number];

/**
 * A table whose rows count towards the nodes above them: what one row adds (0 or 1 per counter,
 * from the row itself) and, per level, the column that holds the node it counts towards (the row's
 * own id at its own level: a fund counts itself among a fund's funds, a group among its groups).
 */
interface Source {
  table: string;
  adds: Partial<Record<Counter, string>>;
  keys: Record<AncestryColumn, string>;
}

const SOURCES: Source[] = [
  {
    table: 'fund',
    adds: { funds: `r.status <> 'ARCHIVED'`, active_funds: `r.status = 'ACTIVE'` },
    keys: { province_id: 'province_id', county_id: 'county_id', village_id: 'village_id', fund_id: 'id', group_id: 'NULL' },
  },
  {
    table: 'member_group',
    adds: { groups: `r.status = 'ACTIVE'` },
    keys: { province_id: 'province_id', county_id: 'county_id', village_id: 'village_id', fund_id: 'fund_id', group_id: 'id' },
  },
  {
    table: 'member',
    adds: {
      members: `r.status = 'ACTIVE'`,
      women: `r.status = 'ACTIVE' AND r.sex = 'FEMALE'`,
      men: `r.status = 'ACTIVE' AND r.sex = 'MALE'`,
      female_headed_households: `r.status = 'ACTIVE' AND r.female_head_of_household`,
      with_disability: `r.status = 'ACTIVE' AND r.has_disability`,
      referred_by_partner: `r.status = 'ACTIVE' AND r.referred_by_partner_id IS NOT NULL`,
      suspended_members: `r.status = 'SUSPENDED'`,
    },
    keys: { province_id: 'province_id', county_id: 'county_id', village_id: 'village_id', fund_id: 'fund_id', group_id: 'group_id' },
  },
];

/** Hierarchy tables: each node's own counter row carries the node's ancestry, which moves with it. */
const NODES: [table: string, level: string, own: AncestryColumn][] = [
  ['province', 'PROVINCE', 'province_id'],
  ['county', 'COUNTY', 'county_id'],
  ['village', 'VILLAGE', 'village_id'],
  ['fund', 'FUND', 'fund_id'],
  ['member_group', 'GROUP', 'group_id'],
];
const LEVELS = NODES.map(([, level]) => level);

/**
 * One statement that adds to the counter rows what `rows` (a relation with a `sign` column: +1 a row
 * as it is now, -1 as it was) changes. The rows are first summed per place (their ancestry and
 * sign), so a bulk statement costs one pass over its rows and then work per place, not per row;
 * each place then counts towards the node at every level of its ancestry, summed per node. Nodes
 * whose counts do not change are not touched (no row lock). Rows are upserted in node id order,
 * so two writers lock them in the same order. A new row takes its node's ancestry as it is now.
 */
function applyDeltasSql(source: Source, rows: string): string {
  const counted = COUNTERS.filter((c) => source.adds[c]);
  const keys = ANCESTRY.map((a) => (source.keys[a] === 'NULL' ? `NULL::uuid AS ${a}` : `r.${source.keys[a]} AS ${a}`));
  const places = `SELECT r.sign, ${keys.join(', ')}, ${counted.map((c) => `sum((${source.adds[c]})::int) AS ${c}`).join(', ')}
      FROM ${rows} r GROUP BY 1, 2, 3, 4, 5, 6`;
  const branches = LEVELS.flatMap((level, i) => {
    if (source.keys[ANCESTRY[i]] === 'NULL') return [];
    const ancestry = ANCESTRY.map((a, j) => (j <= i ? `p.${a}` : `NULL::uuid AS ${a}`));
    return [
      `SELECT p.${ANCESTRY[i]} AS node_id, '${level}' AS level, ${ancestry.join(', ')}, p.sign,
              ${counted.map((c) => `p.sign * p.${c} AS ${c}`).join(', ')}
         FROM places p WHERE p.${ANCESTRY[i]} IS NOT NULL`,
    ];
  });
  return `WITH places AS (${places})
    INSERT INTO ${S}.node_stats AS s (node_id, level, ${ANCESTRY.join(', ')}, ${counted.join(', ')})
    SELECT d.node_id, min(d.level), ${ANCESTRY.map((a) => `(array_agg(d.${a} ORDER BY d.sign DESC))[1]`).join(', ')},
           ${counted.map((c) => `sum(d.${c})::int`).join(', ')}
      FROM (${branches.join(' UNION ALL ')}) d
     GROUP BY d.node_id
    HAVING ${counted.map((c) => `sum(d.${c}) <> 0`).join(' OR ')}
     ORDER BY d.node_id
    ON CONFLICT (node_id) DO UPDATE SET ${counted.map((c) => `${c} = s.${c} + EXCLUDED.${c}`).join(', ')}`;
}

/** The statements of one node table's trigger for `event`, with its transition tables `old_rows` / `new_rows`. */
function triggerBody(table: string, event: 'INSERT' | 'UPDATE' | 'DELETE'): string[] {
  const source = SOURCES.find((s) => s.table === table);
  const node = NODES.find(([t]) => t === table);
  const statements: string[] = [];
  if (source) {
    const rows =
      event === 'INSERT'
        ? `(SELECT 1 AS sign, * FROM new_rows)`
        : event === 'DELETE'
          ? `(SELECT -1 AS sign, * FROM old_rows)`
          : `(SELECT 1 AS sign, * FROM new_rows UNION ALL SELECT -1 AS sign, * FROM old_rows)`;
    statements.push(applyDeltasSql(source, rows));
  }
  if (node && event === 'UPDATE') {
    // A move: the node's own counter row follows its new ancestry (row-level security reads it).
    const i = NODES.indexOf(node);
    const columns = ANCESTRY.slice(0, i);
    if (columns.length) {
      statements.push(
        `UPDATE ${S}.node_stats s SET ${columns.map((c) => `${c} = n.${c}`).join(', ')}
           FROM new_rows n WHERE s.node_id = n.id AND (${columns.map((c) => `s.${c}`).join(', ')}) IS DISTINCT FROM (${columns.map((c) => `n.${c}`).join(', ')})`,
      );
    }
  }
  if (node && event === 'DELETE') statements.push(`DELETE FROM ${S}.node_stats WHERE node_id IN (SELECT id FROM old_rows)`);
  return statements;
}

const EVENTS = ['INSERT', 'UPDATE', 'DELETE'] as const;
const TABLES = NODES.map(([table]) => table).concat('member');

/** The trigger functions and triggers, by table and event (only those with something to do). */
function triggers(): { table: string; event: (typeof EVENTS)[number]; name: string; body: string[] }[] {
  return TABLES.flatMap((table) =>
    EVENTS.map((event) => ({ table, event, name: `node_stats_${table}_${event.toLowerCase()}`, body: triggerBody(table, event) })),
  ).filter((t) => t.body.length > 0);
}

/**
 * Maintained counters for the hierarchy's `stats` (issue 8, Cost): one row per node (province,
 * county, village, fund, group) with its funds, active funds, groups and members by status, sex
 * and priority flags, so a node's stats are one indexed row read instead of a scan of every member
 * under it. Statement-level triggers on fund, member_group and member keep the counts exact in the
 * transaction of every write (enrol, exit, suspend, transfer, edits, status changes, moves, the
 * cascades of the ancestry foreign keys, deletions, bulk loads): each adds what its statement's
 * rows changed (new rows minus old rows, per node). Triggers on every hierarchy table carry a
 * node's counter row along when it moves and drop it when the node is deleted. The functions are
 * SECURITY DEFINER (the owner): a county admin's enrolment must update its province's row, which
 * the caller itself may not read. The application role may read rows in its scope (row-level
 * security over the row's ancestry) and write none. A node without a row counts zero everywhere.
 * The rows are backfilled from the current tables. Never edit once landed.
 */
export class NodeStatsCounters1796000000000 implements MigrationInterface {
  name = 'NodeStatsCounters1796000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE TABLE ${S}.node_stats (
         node_id uuid PRIMARY KEY,
         level text NOT NULL CHECK (level IN (${LEVELS.map((l) => `'${l}'`).join(', ')})),
         ${ANCESTRY.map((c) => `${c} uuid`).join(', ')},
         ${COUNTERS.map((c) => `${c} integer NOT NULL DEFAULT 0`).join(', ')},
         CONSTRAINT node_stats_ancestry CHECK (province_id IS NOT NULL)
       )`,
    );
    await db.query(
      `COMMENT ON TABLE ${S}.node_stats IS 'Counts under each hierarchy node, maintained by triggers on fund, member_group and member (migration NodeStatsCounters1796000000000); a node without a row counts zero.'`,
    );
    for (const t of triggers()) {
      const transition =
        t.event === 'INSERT'
          ? 'NEW TABLE AS new_rows'
          : t.event === 'DELETE'
            ? 'OLD TABLE AS old_rows'
            : 'OLD TABLE AS old_rows NEW TABLE AS new_rows';
      await db.query(
        `CREATE FUNCTION ${S}.${t.name}() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $fn$
         BEGIN
           ${t.body.map((statement) => `${statement};`).join('\n')}
           RETURN NULL;
         END $fn$`,
      );
      await db.query(`REVOKE ALL ON FUNCTION ${S}.${t.name}() FROM PUBLIC`);
      await db.query(
        `CREATE TRIGGER ${t.name} AFTER ${t.event} ON ${S}.${t.table} REFERENCING ${transition} FOR EACH STATEMENT EXECUTE FUNCTION ${S}.${t.name}()`,
      );
    }
    // Backfill: every current row counts, as if inserted now. A TRUNCATE (no row triggers) recounts.
    await db.query(
      `CREATE FUNCTION ${S}.node_stats_recount() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $fn$
       BEGIN
         DELETE FROM ${S}.node_stats;
         ${SOURCES.map((source) => `${applyDeltasSql(source, `(SELECT 1 AS sign, * FROM ${S}.${source.table})`)};`).join('\n')}
         RETURN NULL;
       END $fn$`,
    );
    await db.query(`REVOKE ALL ON FUNCTION ${S}.node_stats_recount() FROM PUBLIC`);
    for (const table of TABLES) {
      await db.query(
        `CREATE TRIGGER node_stats_${table}_truncate AFTER TRUNCATE ON ${S}.${table} FOR EACH STATEMENT EXECUTE FUNCTION ${S}.node_stats_recount()`,
      );
    }
    for (const source of SOURCES) await db.query(applyDeltasSql(source, `(SELECT 1 AS sign, * FROM ${S}.${source.table})`));
    // Read in the caller's scope, like every table that carries ancestry; written only by the triggers.
    await db.query(`ALTER TABLE ${S}.node_stats ENABLE ROW LEVEL SECURITY`);
    await db.query(`CREATE POLICY scope ON ${S}.node_stats FOR SELECT USING (${S}.in_scope(${ANCESTRY.map((c) => `"${c}"`).join(', ')}))`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const t of triggers()) {
      await db.query(`DROP TRIGGER ${t.name} ON ${S}.${t.table}`);
      await db.query(`DROP FUNCTION ${S}.${t.name}()`);
    }
    for (const table of TABLES) await db.query(`DROP TRIGGER node_stats_${table}_truncate ON ${S}.${table}`);
    await db.query(`DROP FUNCTION ${S}.node_stats_recount()`);
    await db.query(`DROP TABLE ${S}.node_stats`);
  }
}
