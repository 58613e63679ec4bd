import { MigrationInterface, QueryRunner } from 'typeorm';

const S = '"membership"';

/** Each name that must be unique, and what it must be unique in: a table, its index and the parent column (none: network-wide). */
const UNIQUE_NAMES: [table: string, index: string, parent: string | null][] = [
  ['province', 'province_name_key', 'country_code'],
  ['county', 'county_name_key', 'province_id'],
  ['village', 'village_name_key', 'county_id'],
  ['fund', 'fund_name_key', 'village_id'],
  ['member_group', 'group_name_key', 'fund_id'],
  ['partner', 'partner_name_key', null],
];

/**
 * Names that must be unique (a province in its country, a county in its province, a village in its
 * county, a fund in its village, a group in its fund, a partner in the network) are held unique by
 * the database, over the name as people read it: `membership.name_key(name)` lower-cases it, trims
 * it and collapses runs of spaces (Unicode spaces too), and reads the Arabic letters yeh, alef
 * maksura and kaf and Arabic-Indic and Persian digits as the Persian letters and ASCII digits they
 * are typed for. A check-then-insert let parallel requests create one name several times.
 * Duplicates already stored keep the first one's name; later ones get " (2)", " (3)", ...
 * Never edit once landed: write a new migration.
 */
export class UniqueNames1795547200000 implements MigrationInterface {
  name = 'UniqueNames1795547200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE FUNCTION ${S}."name_key"(name text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
       RETURN lower(translate(btrim(regexp_replace(name, '[\\s\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]+', ' ', 'g')),
         'يىك٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹', 'ییک01234567890123456789'))`,
    );
    for (const [table, index, parent] of UNIQUE_NAMES) {
      const partition = parent ? `PARTITION BY "${parent}", ${S}."name_key"("name") ` : `PARTITION BY ${S}."name_key"("name") `;
      await db.query(
        `UPDATE ${S}."${table}" t SET "name" = t."name" || ' (' || d.n || ')'
           FROM (SELECT "id", row_number() OVER (${partition}ORDER BY "created_at", "id") AS n FROM ${S}."${table}") d
          WHERE d."id" = t."id" AND d.n > 1`,
      );
      await db.query(`CREATE UNIQUE INDEX "${index}" ON ${S}."${table}" (${parent ? `"${parent}", ` : ''}${S}."name_key"("name"))`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const [, index] of [...UNIQUE_NAMES].reverse()) await db.query(`DROP INDEX ${S}."${index}"`);
    await db.query(`DROP FUNCTION ${S}."name_key"(text)`);
  }
}
