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

/** Tables that point at a row of the hierarchy: visible when that row is (its own policy decides). */
const BY_REFERENCE: [table: string, predicate: string][] = [
  ['officer', `EXISTS (SELECT 1 FROM ${S}.fund f WHERE f.id = fund_id)`],
  ['formation_step', `EXISTS (SELECT 1 FROM ${S}.fund f WHERE f.id = fund_id)`],
  ['member_transfer', `EXISTS (SELECT 1 FROM ${S}.member m WHERE m.id IN (member_id, to_member_id))`],
  [
    'partner_link',
    `CASE node_level
       WHEN 'PROVINCE' THEN EXISTS (SELECT 1 FROM ${S}.province n WHERE n.id = node_id)
       WHEN 'COUNTY' THEN EXISTS (SELECT 1 FROM ${S}.county n WHERE n.id = node_id)
       WHEN 'VILLAGE' THEN EXISTS (SELECT 1 FROM ${S}.village n WHERE n.id = node_id)
       WHEN 'FUND' THEN EXISTS (SELECT 1 FROM ${S}.fund n WHERE n.id = node_id)
       WHEN 'GROUP' THEN EXISTS (SELECT 1 FROM ${S}.member_group n WHERE n.id = node_id)
       ELSE false END`,
  ],
];

/**
 * Row-level security, the database's own wall behind the resolvers' access rules (issue 6): every
 * table of regional data has a policy, so a request scoped to a county reads and writes only rows
 * under that county even if a resolver forgot to check. The scope is set per transaction
 * (packages/db-kit/src/scope.ts). Countries and partners are network-wide reference data and
 * have none. Also the audit log, append-only for the application role (grants in migrate()).
 * Never edit once landed.
 */
export class RowLevelSecurity1795720000000 implements MigrationInterface {
  name = 'RowLevelSecurity1795720000000';

  async up(db: QueryRunner): Promise<void> {
    const statements = [
      ...scopeFunctionsSql(S),
      // A province's country is reference data, not regional: a caller scoped below a province
      // (which it may not read) still needs its own node's country (currency, calendar, id rules).
      `CREATE FUNCTION ${S}.province_country(province_id uuid) RETURNS character(2)
         LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog
         AS $$ SELECT p.country_code FROM membership.province p WHERE p.id = $1 $$`,
      // Breadcrumbs: a caller scoped to a county still sees the name of its own province (and a
      // fund's officer those of its village, county and province), though it may not open them.
      // Exactly the nodes of \`ids\` that are in the scope or above the scope node; nothing else.
      `CREATE FUNCTION ${S}.breadcrumbs(ids uuid[]) RETURNS TABLE (id uuid, name text, name_latin text)
         LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog
         AS $$
           WITH scope AS (SELECT nullif(current_setting('app.scope_node', true), '')::uuid AS node),
           above AS (
             SELECT unnest(ARRAY[c.province_id]) AS id FROM membership.county c JOIN scope ON c.id = scope.node
             UNION ALL SELECT unnest(ARRAY[v.province_id, v.county_id]) FROM membership.village v JOIN scope ON v.id = scope.node
             UNION ALL SELECT unnest(ARRAY[f.province_id, f.county_id, f.village_id]) FROM membership.fund f JOIN scope ON f.id = scope.node
             UNION ALL SELECT unnest(ARRAY[g.province_id, g.county_id, g.village_id, g.fund_id]) FROM membership.member_group g JOIN scope ON g.id = scope.node
           )
           SELECT p.id, p.name, p.name_latin FROM membership.province p
            WHERE p.id = ANY ($1) AND (membership.in_scope(p.id) OR p.id IN (SELECT id FROM above))
           UNION ALL SELECT c.id, c.name, c.name_latin FROM membership.county c
            WHERE c.id = ANY ($1) AND (membership.in_scope(c.province_id, c.id) OR c.id IN (SELECT id FROM above))
           UNION ALL SELECT v.id, v.name, v.name_latin FROM membership.village v
            WHERE v.id = ANY ($1) AND (membership.in_scope(v.province_id, v.county_id, v.id) OR v.id IN (SELECT id FROM above))
           UNION ALL SELECT f.id, f.name, f.name_latin FROM membership.fund f
            WHERE f.id = ANY ($1) AND (membership.in_scope(f.province_id, f.county_id, f.village_id, f.id) OR f.id IN (SELECT id FROM above))
         $$`,
      ...BY_ANCESTRY.flatMap(([table, columns]) => scopePolicySql(S, table, columns)),
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
    await db.query(`DROP FUNCTION ${S}.province_country(uuid)`);
    await db.query(`DROP FUNCTION ${S}.breadcrumbs(uuid[])`);
    for (const [table] of [...BY_ANCESTRY, ...BY_REFERENCE, ['outbox']]) {
      await db.query(`ALTER TABLE ${S}."${table}" DISABLE ROW LEVEL SECURITY`);
    }
  }
}
