import type { EntityManager } from 'typeorm';
import { uuid7 } from './uuid7';

/**
 * Transactional outbox: a service writes its domain events in the same transaction as the change,
 * into `<schema>.outbox`. Consumers (reporting, other services) read them in id order, apply them
 * idempotently by event id, and checkpoint.
 */
export interface DomainEvent {
  type: string;
  aggregateType: string;
  aggregateId: string;
  /** The fund the event belongs to, when it has one: books and read models shard by fund. */
  fundId?: string | null;
  payload: Record<string, unknown>;
  actor?: string | null;
}

export const OUTBOX_TABLE_SQL = (schema: string): string => `
CREATE TABLE "${schema}".outbox (
  id uuid PRIMARY KEY,
  seq bigserial NOT NULL UNIQUE,
  type text NOT NULL,
  aggregate_type text NOT NULL,
  aggregate_id uuid NOT NULL,
  fund_id uuid,
  payload jsonb NOT NULL,
  actor text,
  occurred_at timestamptz NOT NULL DEFAULT now()
)`;

export async function appendEvents(manager: EntityManager, schema: string, events: DomainEvent[]): Promise<void> {
  if (events.length === 0) return;
  const values: unknown[] = [];
  const rows = events.map((event, i) => {
    values.push(
      uuid7(),
      event.type,
      event.aggregateType,
      event.aggregateId,
      event.fundId ?? null,
      JSON.stringify(event.payload),
      event.actor ?? null,
    );
    const b = i * 7;
    return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}::jsonb, $${b + 7})`;
  });
  await manager.query(
    `INSERT INTO "${schema}".outbox (id, type, aggregate_type, aggregate_id, fund_id, payload, actor) VALUES ${rows.join(', ')}`,
    values,
  );
}
