import { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'reporting';
/** The ancestor columns a node's children are found by (a group has none). */
const PARENTS = ['province_id', 'county_id', 'village_id', 'fund_id'];

/**
 * A node's children by (ancestor, level): a dashboard asks a province for its counties, which the
 * index on province_id alone found by reading every node under the province (3,517 rows in 693
 * pages at scale 1, to keep 34). The two-column index serves the ancestor-only lookups too, so it
 * replaces the one-column index rather than sitting beside it.
 */
export class ChildrenIndexes1796300000000 implements MigrationInterface {
  name = 'ChildrenIndexes1796300000000';

  async up(db: QueryRunner): Promise<void> {
    for (const column of PARENTS) {
      await db.query(`CREATE INDEX "node_${column}_level_idx" ON ${S}."node" ("${column}", "level")`);
      await db.query(`DROP INDEX ${S}."node_${column}_idx"`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const column of PARENTS) {
      await db.query(`CREATE INDEX "node_${column}_idx" ON ${S}."node" ("${column}")`);
      await db.query(`DROP INDEX ${S}."node_${column}_level_idx"`);
    }
  }
}
