import { MigrationInterface, QueryRunner } from 'typeorm';
import { consumerTablesDownSql, consumerTablesSql } from '@funds/events';

const S = 'savings_loan';

/**
 * The event consumer's bookkeeping (issue 7, modules/reference): its checkpoint per producer
 * (event_checkpoint) and the ids of the events it applied (applied_event), written in the same
 * transaction as the reference rows they produce. Operational rows, no regional data: no
 * row-level security. Never edit once landed.
 */
export class EventConsumer1795960000000 implements MigrationInterface {
  name = 'EventConsumer1795960000000';

  async up(db: QueryRunner): Promise<void> {
    for (const sql of consumerTablesSql(S)) await db.query(sql);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const sql of consumerTablesDownSql(S)) await db.query(sql);
  }
}
