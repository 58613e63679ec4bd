import { MigrationInterface, QueryRunner } from 'typeorm';
import { OUTBOX_TABLE_SQL } from '@funds/db-kit';

/** The reporting schema starts with its outbox; its tables arrive with their features. Never edit once landed. */
export class Initial1763798400000 implements MigrationInterface {
  name = 'Initial1763798400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(OUTBOX_TABLE_SQL('reporting'));
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE "reporting".outbox');
  }
}
