import { MigrationInterface, QueryRunner } from 'typeorm';
import { scopePolicySql } from '@funds/db-kit';
import { API_KEY_CHECKS } from '../modules/api-key/api-key.checks';

const S = 'membership';

/** The key's node's ancestry, each level referencing that level's row (ON UPDATE CASCADE: a move carries its keys). */
const FOREIGN_KEYS: [name: string, columns: string, parent: string, parentColumns: string][] = [
  ['api_key_province', '"province_id"', 'province', '"id"'],
  ['api_key_county_ancestry', '"county_id", "province_id"', 'county', '"id", "province_id"'],
  ['api_key_village_ancestry', '"village_id", "county_id", "province_id"', 'village', '"id", "county_id", "province_id"'],
  [
    'api_key_fund_ancestry',
    '"fund_id", "village_id", "county_id", "province_id"',
    'fund',
    '"id", "village_id", "county_id", "province_id"',
  ],
  [
    'api_key_group_ancestry',
    '"group_id", "fund_id", "village_id", "county_id", "province_id"',
    'member_group',
    '"id", "fund_id", "village_id", "county_id", "province_id"',
  ],
];

/**
 * Partner apps' API keys (issue 6). A key is granted one node of the hierarchy and carries that
 * node's ancestry (its own id in its level's column), like every row of regional data, so the
 * row-level-security policy `scope` keys on the same columns and an admin sees only the keys of
 * its subtree. Only the SHA-256 of the key's secret is stored. It comes after the row-level
 * security migration, whose functions its policy uses. Never edit once landed.
 */
export class ApiKeys1795806400000 implements MigrationInterface {
  name = 'ApiKeys1795806400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE ${S}."api_key" (
        "id" uuid PRIMARY KEY,
        "partner_id" uuid NOT NULL CONSTRAINT "api_key_partner_id_fkey" REFERENCES ${S}."partner"("id") ON DELETE RESTRICT,
        "name" text NOT NULL,
        "node_id" uuid NOT NULL,
        "node_level" text NOT NULL,
        "province_id" uuid NOT NULL,
        "county_id" uuid,
        "village_id" uuid,
        "fund_id" uuid,
        "group_id" uuid,
        "grants" text[] NOT NULL,
        "secret_hash" bytea NOT NULL,
        "created_by" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "expires_at" timestamptz NOT NULL,
        "revoked_at" timestamptz,
        "revoked_by" text,
        "last_used_at" timestamptz
      )`);
    for (const [name, expression] of API_KEY_CHECKS)
      await db.query(`ALTER TABLE ${S}."api_key" ADD CONSTRAINT "${name}" CHECK (${expression})`);
    for (const [name, columns, parent, parentColumns] of FOREIGN_KEYS) {
      await db.query(
        `ALTER TABLE ${S}."api_key" ADD CONSTRAINT "${name}" FOREIGN KEY (${columns}) REFERENCES ${S}."${parent}"(${parentColumns}) ON DELETE RESTRICT ON UPDATE CASCADE`,
      );
    }
    await db.query(`CREATE INDEX "api_key_node" ON ${S}."api_key" ("node_id")`);
    await db.query(`CREATE INDEX "api_key_partner" ON ${S}."api_key" ("partner_id")`);
    for (const sql of scopePolicySql(S, 'api_key', ['province_id', 'county_id', 'village_id', 'fund_id', 'group_id'])) await db.query(sql);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE ${S}."api_key"`);
  }
}
