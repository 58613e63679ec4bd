import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each country's IANA time zone, as data on its row: every business date of a fund (the default
 * joining, leaving, transfer, term-end and activation days, ages "today") is the day in the
 * fund's country, not in UTC. Iran: Asia/Tehran (UTC+3:30); Vietnam: Asia/Ho_Chi_Minh (UTC+7).
 * Never edit once landed: write a new migration.
 */
export class CountryTimeZone1795374400000 implements MigrationInterface {
  name = 'CountryTimeZone1795374400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "membership"."country" ADD "time_zone" text`);
    await db.query(
      `UPDATE "membership"."country" SET "time_zone" = CASE code WHEN 'IR' THEN 'Asia/Tehran' WHEN 'VN' THEN 'Asia/Ho_Chi_Minh' END`,
    );
    await db.query(`ALTER TABLE "membership"."country" ALTER COLUMN "time_zone" SET NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "membership"."country" DROP COLUMN "time_zone"`);
  }
}
