import { MigrationInterface, QueryRunner } from 'typeorm';
import { consumerTablesPolicySql } from '@funds/events';

const S = 'savings_loan';

/**
 * Row-level security on the event consumer's tables (event_checkpoint, applied_event): only the
 * platform's own processes (the whole-network scope, as the consumer runs) read or write them; a
 * request's transaction, scoped to a node, sees no row. Never edit once landed.
 */
export class EventConsumerPolicies1795960100000 implements MigrationInterface {
  name = 'EventConsumerPolicies1795960100000';

  async up(db: QueryRunner): Promise<void> {
    for (const sql of consumerTablesPolicySql(S)) await db.query(sql);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['event_checkpoint', 'applied_event']) {
      await db.query(`DROP POLICY IF EXISTS platform ON ${S}."${table}"`);
      await db.query(`ALTER TABLE ${S}."${table}" DISABLE ROW LEVEL SECURITY`);
    }
  }
}
