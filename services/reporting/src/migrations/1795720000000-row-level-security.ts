import { MigrationInterface, QueryRunner } from 'typeorm';
import { outboxPolicySql, scopeFunctionsSql } from '@funds/db-kit';

/**
 * Row-level security (issue 6): the scope functions every policy of this schema uses, and the
 * outbox's policies (requests append, only the platform's own processes read). Tables that arrive
 * later add their policies in their own migrations. Never edit once landed.
 */
export class RowLevelSecurity1795720000000 implements MigrationInterface {
  name = 'RowLevelSecurity1795720000000';

  async up(db: QueryRunner): Promise<void> {
    for (const sql of [...scopeFunctionsSql('reporting'), ...outboxPolicySql('reporting')]) await db.query(sql);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE "reporting".outbox DISABLE ROW LEVEL SECURITY');
  }
}
