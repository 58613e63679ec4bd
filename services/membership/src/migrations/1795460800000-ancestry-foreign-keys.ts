import { MigrationInterface, QueryRunner } from 'typeorm';

const S = '"membership"';

/** Each level's ancestry columns as a key its children can reference (the id alone is already unique). */
const KEYS: [table: string, name: string, columns: string][] = [
  ['province', 'province_country_key', '"id", "country_code"'],
  ['county', 'county_ancestry_key', '"id", "province_id"'],
  ['village', 'village_ancestry_key', '"id", "county_id", "province_id"'],
  ['fund', 'fund_ancestry_key', '"id", "village_id", "county_id", "province_id"'],
  ['member_group', 'group_ancestry_key', '"id", "fund_id", "village_id", "county_id", "province_id"'],
];

/**
 * Every row's ancestry references its parent's (id + ancestry) and follows it ON UPDATE CASCADE.
 * The group's key is created before the member's fund key, so a fund move rewrites its groups (and
 * their members) before the members outside groups.
 */
const FOREIGN_KEYS: [table: string, name: string, columns: string, parent: string, parentColumns: string][] = [
  ['village', 'village_county_ancestry', '"county_id", "province_id"', 'county', '"id", "province_id"'],
  ['fund', 'fund_village_ancestry', '"village_id", "county_id", "province_id"', 'village', '"id", "county_id", "province_id"'],
  [
    'member_group',
    'group_fund_ancestry',
    '"fund_id", "village_id", "county_id", "province_id"',
    'fund',
    '"id", "village_id", "county_id", "province_id"',
  ],
  [
    'member',
    'member_group_ancestry',
    '"group_id", "fund_id", "village_id", "county_id", "province_id"',
    'member_group',
    '"id", "fund_id", "village_id", "county_id", "province_id"',
  ],
  [
    'member',
    'member_fund_ancestry',
    '"fund_id", "village_id", "county_id", "province_id"',
    'fund',
    '"id", "village_id", "county_id", "province_id"',
  ],
  ['member', 'member_province_country', '"province_id", "country_code"', 'province', '"id", "country_code"'],
];

/**
 * The database holds every row's ancestry true (DESIGN.md section 2): a village's province is its
 * county's, a fund's county and province are its village's, and so on down to members, by
 * composite foreign keys over the ancestry columns with ON UPDATE CASCADE. No code path can write
 * a stale ancestry (it is refused), and moving a node is one UPDATE of its row: everything under
 * it follows. A member's country is its province's. Rows a past race left stale are first set
 * from their parents, top down. Never edit once landed: write a new migration.
 */
export class AncestryForeignKeys1795460800000 implements MigrationInterface {
  name = 'AncestryForeignKeys1795460800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `UPDATE ${S}."village" v SET "province_id" = c."province_id" FROM ${S}."county" c WHERE c."id" = v."county_id" AND v."province_id" <> c."province_id"`,
    );
    await db.query(
      `UPDATE ${S}."fund" f SET "county_id" = v."county_id", "province_id" = v."province_id" FROM ${S}."village" v
        WHERE v."id" = f."village_id" AND (f."county_id", f."province_id") IS DISTINCT FROM (v."county_id", v."province_id")`,
    );
    for (const table of ['member_group', 'member']) {
      await db.query(
        `UPDATE ${S}."${table}" t SET "village_id" = f."village_id", "county_id" = f."county_id", "province_id" = f."province_id" FROM ${S}."fund" f
          WHERE f."id" = t."fund_id" AND (t."village_id", t."county_id", t."province_id") IS DISTINCT FROM (f."village_id", f."county_id", f."province_id")`,
      );
    }
    for (const [table, name, columns] of KEYS) {
      await db.query(`ALTER TABLE ${S}."${table}" ADD CONSTRAINT "${name}" UNIQUE (${columns})`);
    }
    for (const [table, name, columns, parent, parentColumns] of FOREIGN_KEYS) {
      await db.query(
        `ALTER TABLE ${S}."${table}" ADD CONSTRAINT "${name}" FOREIGN KEY (${columns}) REFERENCES ${S}."${parent}"(${parentColumns}) ON DELETE RESTRICT ON UPDATE CASCADE`,
      );
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const [table, name] of [...FOREIGN_KEYS].reverse()) await db.query(`ALTER TABLE ${S}."${table}" DROP CONSTRAINT "${name}"`);
    for (const [table, name] of [...KEYS].reverse()) await db.query(`ALTER TABLE ${S}."${table}" DROP CONSTRAINT "${name}"`);
  }
}
