import { MigrationInterface, QueryRunner } from 'typeorm';
import { AUDIT_TABLE_SQL, auditPolicySql, outboxPolicySql, scopeFunctionsSql, scopePolicySql } from '@funds/db-kit';

const S = 'membership';

/** Tables whose rows carry their ancestry: visible when one of these columns holds the scope node. */
const BY_ANCESTRY: [table: string, columns: string[]][] = [
  ['province', ['id']],
  ['county', ['province_id', 'id']],
  ['village', ['province_id', 'county_id', 'id']],
  ['fund', ['province_id', 'county_id', 'village_id', 'id']],
  ['member_group', ['province_id', 'county_id', 'village_id', 'fund_id', 'id']],
  ['member', ['province_id', 'county_id', 'village_id', 'fund_id', 'group_id']],
];

/** Levels whose rows above the scope node are readable (policy `chain`): the breadcrumbs. */
const CHAIN = ['province', 'county', 'village', 'fund'];

/** A fund's row in the scope (not merely above it). */
const FUND_IN_SCOPE = `EXISTS (SELECT 1 FROM ${S}.fund f WHERE f.id = fund_id AND ${S}.in_scope(f.province_id, f.county_id, f.village_id, f.id))`;

/** Tables that point at a row of the hierarchy: visible when that row is in the scope. */
const BY_REFERENCE: [table: string, predicate: string][] = [
  ['officer', FUND_IN_SCOPE],
  ['formation_step', FUND_IN_SCOPE],
  ['member_transfer', `EXISTS (SELECT 1 FROM ${S}.member m WHERE m.id IN (member_id, to_member_id))`],
  [
    'partner_link',
    `CASE node_level
       WHEN 'PROVINCE' THEN ${S}.in_scope(node_id)
       WHEN 'COUNTY' THEN EXISTS (SELECT 1 FROM ${S}.county n WHERE n.id = node_id AND ${S}.in_scope(n.province_id, n.id))
       WHEN 'VILLAGE' THEN EXISTS (SELECT 1 FROM ${S}.village n WHERE n.id = node_id AND ${S}.in_scope(n.province_id, n.county_id, n.id))
       WHEN 'FUND' THEN EXISTS (SELECT 1 FROM ${S}.fund n WHERE n.id = node_id AND ${S}.in_scope(n.province_id, n.county_id, n.village_id, n.id))
       WHEN 'GROUP' THEN EXISTS (SELECT 1 FROM ${S}.member_group n WHERE n.id = node_id)
       ELSE false END`,
  ],
];

/**
 * Row-level security, the database's own wall behind the resolvers' access rules (issue 6): every
 * table of regional data has a policy, so a request scoped to a county reads and writes only rows
 * under that county even if a resolver forgot to check. The scope is set per transaction
 * (packages/db-kit/src/scope.ts). A caller may also read (never change) the nodes above its
 * scope node. Countries and partners are network-wide reference data and have none. Also the audit log, append-only for the application role (grants in migrate()).
 * Never edit once landed.
 */
export class RowLevelSecurity1795720000000 implements MigrationInterface {
  name = 'RowLevelSecurity1795720000000';

  async up(db: QueryRunner): Promise<void> {
    const statements = [
      ...scopeFunctionsSql(S),
      // The chain above the scope node (a county's province; a fund's village, county and province):
      // a caller may read those rows (their names are its breadcrumbs; its fund's currency and
      // policy), never change them, and nothing else outside its subtree.
      `CREATE FUNCTION ${S}.scope_chain() RETURNS uuid[]
         LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog
         AS $$
           WITH scope AS (SELECT nullif(current_setting('app.scope_node', true), '')::uuid AS node)
           SELECT coalesce(
             (SELECT ARRAY[c.province_id] FROM membership.county c JOIN scope ON c.id = scope.node),
             (SELECT ARRAY[v.province_id, v.county_id] FROM membership.village v JOIN scope ON v.id = scope.node),
             (SELECT ARRAY[f.province_id, f.county_id, f.village_id] FROM membership.fund f JOIN scope ON f.id = scope.node),
             (SELECT ARRAY[g.province_id, g.county_id, g.village_id, g.fund_id] FROM membership.member_group g JOIN scope ON g.id = scope.node),
             '{}'::uuid[])
         $$`,
      ...BY_ANCESTRY.flatMap(([table, columns]) => scopePolicySql(S, table, columns)),
      ...CHAIN.map(
        (table) => `CREATE POLICY chain ON ${S}."${table}" FOR SELECT USING (id = ANY (ARRAY(SELECT unnest(${S}.scope_chain()))))`,
      ),
      ...BY_REFERENCE.flatMap(([table, predicate]) => [
        `ALTER TABLE ${S}."${table}" ENABLE ROW LEVEL SECURITY`,
        `CREATE POLICY scope ON ${S}."${table}" USING (${predicate}) WITH CHECK (${predicate})`,
      ]),
      ...outboxPolicySql(S),
      ...AUDIT_TABLE_SQL(S),
      ...auditPolicySql(S),
    ];
    for (const sql of statements) await db.query(sql);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE ${S}.audit_event`);
    for (const table of CHAIN) await db.query(`DROP POLICY chain ON ${S}."${table}"`);
    await db.query(`DROP FUNCTION ${S}.scope_chain()`);
    for (const [table] of [...BY_ANCESTRY, ...BY_REFERENCE, ['outbox']]) {
      await db.query(`ALTER TABLE ${S}."${table}" DISABLE ROW LEVEL SECURITY`);
    }
  }
}
