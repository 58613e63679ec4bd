import type { EventEnvelope } from './catalogue';

/**
 * The transport between a producer and its consumers: where events are read from. The Postgres
 * outbox (postgres-outbox.ts) and NATS JetStream (nats-transport.ts: a relay reads the outbox with
 * the Postgres source and publishes; consumers read the stream) carry the same envelopes behind
 * this interface; EVENTS_TRANSPORT chooses (event-sources.ts).
 *
 * A position is the transport's own, opaque to the consumer: it is stored with the consumer's
 * checkpoint in the same transaction as the events applied, and handed back to `read`.
 */
export interface EventBatch {
  /** In delivery order. */
  events: EventEnvelope[];
  /** The position after these events. */
  next: string;
}

export interface ConsumerLag {
  /** Events committed by the producer and not yet applied by the consumer. */
  events: number;
  /** Age in seconds of the oldest of them; 0 when there is none. */
  oldestSeconds: number;
}

export interface EventSource {
  /** The producer whose events these are (membership, ...). */
  readonly producer: string;
  /**
   * At most `limit` events after `position` (null: from the first event), in delivery order.
   * `current` reads the consumer's checkpoint again (a broker's source checks with it whether a
   * gap in what it was delivered comes from a position that moved meanwhile).
   */
  read(position: string | null, limit: number, current?: () => Promise<string | null>): Promise<EventBatch>;
  /** Resolves when new events may be there (a notification), after `ms` at the latest, or when `signal` aborts. */
  waitForEvents(ms: number, signal: AbortSignal): Promise<void>;
  /** How far `position` is behind what the producer has committed. */
  lag(position: string | null): Promise<ConsumerLag>;
  /**
   * Told what became of a batch `read` returned: applied (its transaction committed) or not (rolled
   * back, or another process had moved the checkpoint). A broker acks or redelivers here.
   */
  settle?(batch: EventBatch, applied: boolean): Promise<void>;
  close(): Promise<void>;
}
