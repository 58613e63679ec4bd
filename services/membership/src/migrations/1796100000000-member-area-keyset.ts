import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The export lists (Province/County/Village.members) read `WHERE <area>_id = $1 AND id > $2
 * ORDER BY id LIMIT n`: member's single-column area indexes become (area, id), which serve that
 * range scan page after page and every lookup the old ones served.
 */
export class MemberAreaKeyset1796100000000 implements MigrationInterface {
  name = 'MemberAreaKeyset1796100000000';

  public async up(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX "membership"."IDX_0f6263cce6e6c90e3eb88b4131"`);
    await db.query(`DROP INDEX "membership"."IDX_fe21921ec8efbd76fc5849699b"`);
    await db.query(`DROP INDEX "membership"."IDX_58a11819447bb4d0b6ccacbe42"`);
    await db.query(`CREATE INDEX "IDX_000ccf8d7fef1e05102f91c0bc" ON "membership"."member" ("province_id", "id")`);
    await db.query(`CREATE INDEX "IDX_a1e9db6a84a24214cb3469d15a" ON "membership"."member" ("county_id", "id")`);
    await db.query(`CREATE INDEX "IDX_66a68df6918cf95a60b22a438b" ON "membership"."member" ("village_id", "id")`);
  }

  public async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX "membership"."IDX_66a68df6918cf95a60b22a438b"`);
    await db.query(`DROP INDEX "membership"."IDX_a1e9db6a84a24214cb3469d15a"`);
    await db.query(`DROP INDEX "membership"."IDX_000ccf8d7fef1e05102f91c0bc"`);
    await db.query(`CREATE INDEX "IDX_58a11819447bb4d0b6ccacbe42" ON "membership"."member" ("village_id")`);
    await db.query(`CREATE INDEX "IDX_fe21921ec8efbd76fc5849699b" ON "membership"."member" ("county_id")`);
    await db.query(`CREATE INDEX "IDX_0f6263cce6e6c90e3eb88b4131" ON "membership"."member" ("province_id")`);
  }
}
