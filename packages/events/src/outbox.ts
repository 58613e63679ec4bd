import type { EntityManager } from 'typeorm';
import { uuid7 } from '@funds/db-kit';
import type { OutboxEvent } from './catalogue';

/** The channel every outbox notifies on commit; the payload names the producer's schema. */
export const OUTBOX_CHANNEL = 'funds_outbox';

/**
 * What a producer's outbox (`<schema>.outbox`, db-kit's OUTBOX_TABLE_SQL) needs for delivery, for
 * a migration of the producer to run once:
 * - `version`: the event's catalogue version;
 * - `xid`: the id of the transaction that wrote the row (`pg_current_xact_id()`, a 64-bit xid8
 *   that never wraps), with which the Postgres transport reads in commit order without missing a
 *   late commit (postgres-outbox.ts);
 * - a statement trigger that notifies OUTBOX_CHANNEL (delivered at commit, coalesced per
 *   transaction), so consumers wake at once instead of at their next poll.
 */
export function outboxDeliverySql(schema: string): string[] {
  return [
    `ALTER TABLE "${schema}".outbox ADD COLUMN version integer NOT NULL DEFAULT 1`,
    `ALTER TABLE "${schema}".outbox ADD COLUMN xid xid8 NOT NULL DEFAULT pg_current_xact_id()`,
    `CREATE INDEX outbox_xid_idx ON "${schema}".outbox (xid)`,
    `CREATE FUNCTION "${schema}".outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN PERFORM pg_notify('${OUTBOX_CHANNEL}', '${schema}'); RETURN NULL; END $$`,
    `CREATE TRIGGER outbox_notify AFTER INSERT ON "${schema}".outbox FOR EACH STATEMENT EXECUTE FUNCTION "${schema}".outbox_notify()`,
  ];
}

export function outboxDeliveryDownSql(schema: string): string[] {
  return [
    `DROP TRIGGER IF EXISTS outbox_notify ON "${schema}".outbox`,
    `DROP FUNCTION IF EXISTS "${schema}".outbox_notify()`,
    `DROP INDEX IF EXISTS "${schema}".outbox_xid_idx`,
    `ALTER TABLE "${schema}".outbox DROP COLUMN IF EXISTS xid`,
    `ALTER TABLE "${schema}".outbox DROP COLUMN IF EXISTS version`,
  ];
}

/**
 * Writes catalogue events to `<schema>.outbox` in the caller's transaction (the transactional
 * outbox: the events commit or roll back with the change). Only events built by a catalogue's
 * constructor are accepted; `actor` is who caused them (an identity's subject).
 */
export async function recordEvents(manager: EntityManager, schema: string, events: OutboxEvent[], actor: string | null): Promise<void> {
  if (events.length === 0) return;
  const values: unknown[] = [];
  const rows = events.map((event, i) => {
    values.push(
      uuid7(),
      event.type,
      event.version,
      event.aggregateType,
      event.aggregateId,
      event.fundId,
      JSON.stringify(event.payload),
      actor,
    );
    const b = i * 8;
    return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}::jsonb, $${b + 8})`;
  });
  await manager.query(
    `INSERT INTO "${schema}".outbox (id, type, version, aggregate_type, aggregate_id, fund_id, payload, actor) VALUES ${rows.join(', ')}`,
    values,
  );
}
