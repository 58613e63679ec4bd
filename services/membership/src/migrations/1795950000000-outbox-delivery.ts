import { MigrationInterface, QueryRunner } from 'typeorm';
import { outboxDeliveryDownSql, outboxDeliverySql } from '@funds/events';

const S = 'membership';

/**
 * The outbox becomes deliverable (issue 7, events between services): each row records its event's
 * catalogue version and the id of the transaction that wrote it (xid8), which the Postgres
 * transport reads in commit order without missing a late commit; a statement trigger notifies
 * consumers at commit (LISTEN/NOTIFY). Rows already there get this migration's transaction id
 * (delivered in the first window). Never edit once landed.
 */
export class OutboxDelivery1795950000000 implements MigrationInterface {
  name = 'OutboxDelivery1795950000000';

  async up(db: QueryRunner): Promise<void> {
    for (const sql of outboxDeliverySql(S)) await db.query(sql);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const sql of outboxDeliveryDownSql(S)) await db.query(sql);
  }
}
