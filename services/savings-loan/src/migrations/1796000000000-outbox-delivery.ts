import { MigrationInterface, QueryRunner } from 'typeorm';
import { outboxDeliveryDownSql, outboxDeliverySql } from '@funds/events';

const S = 'savings_loan';

/**
 * The books' outbox becomes deliverable (issue 8, reporting reads it with the event kit): each row
 * records its event's version and the id of the transaction that wrote it (xid8), which the
 * Postgres transport reads in commit order without missing a late commit; a statement trigger
 * notifies consumers at commit. Rows already there get this migration's transaction id (delivered
 * in the first window). Never edit once landed.
 */
export class OutboxDelivery1796000000000 implements MigrationInterface {
  name = 'OutboxDelivery1796000000000';

  async up(db: QueryRunner): Promise<void> {
    for (const sql of outboxDeliverySql(S)) await db.query(sql);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const sql of outboxDeliveryDownSql(S)) await db.query(sql);
  }
}
