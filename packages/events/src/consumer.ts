import type { EntityManager } from 'typeorm';
import { SYSTEM_SCOPE, ScopedDatabase } from '@funds/db-kit';
import type { EventEnvelope } from './catalogue';
import type { ConsumerLag, EventBatch, EventSource } from './transport';
import { errorText, pollingLoop } from './polling-loop';

/**
 * The consumer's own bookkeeping, in its schema (a migration of the consuming service runs it):
 * one checkpoint per consumer and producer (the transport's position), and the ids of the events
 * it applied (an event delivered again, by a transport's retry or a replay, is skipped).
 */
export function consumerTablesSql(schema: string): string[] {
  return [
    `CREATE TABLE "${schema}".event_checkpoint (
       consumer text NOT NULL,
       producer text NOT NULL,
       position text,
       applied_events bigint NOT NULL DEFAULT 0,
       updated_at timestamptz NOT NULL DEFAULT now(),
       PRIMARY KEY (consumer, producer)
     )`,
    `CREATE TABLE "${schema}".applied_event (
       consumer text NOT NULL,
       event_id uuid NOT NULL,
       producer text NOT NULL,
       type text NOT NULL,
       applied_at timestamptz NOT NULL DEFAULT now(),
       PRIMARY KEY (consumer, event_id)
     )`,
  ];
}

/**
 * Row-level security on the consumer's tables: only the platform's own processes (the
 * whole-network scope, SYSTEM_SCOPE) read or write them, as only they read an outbox. Needs the
 * schema's `in_scope` function (db-kit's scopeFunctionsSql). A consumer's migration runs it after
 * consumerTablesSql.
 */
export function consumerTablesPolicySql(schema: string): string[] {
  const platform = `"${schema}".in_scope(VARIADIC ARRAY[]::uuid[])`;
  return ['event_checkpoint', 'applied_event'].flatMap((table) => [
    `ALTER TABLE "${schema}"."${table}" ENABLE ROW LEVEL SECURITY`,
    `DROP POLICY IF EXISTS platform ON "${schema}"."${table}"`,
    `CREATE POLICY platform ON "${schema}"."${table}" USING (${platform}) WITH CHECK (${platform})`,
  ]);
}

export function consumerTablesDownSql(schema: string): string[] {
  return [`DROP TABLE IF EXISTS "${schema}".applied_event`, `DROP TABLE IF EXISTS "${schema}".event_checkpoint`];
}

/** Applies one event in the consumer's transaction (`em`, in SYSTEM_SCOPE). Throwing rolls the whole batch back. */
export type EventHandler = (em: EntityManager, event: EventEnvelope) => Promise<void>;

export interface ConsumerOptions {
  /** Names the consumer (its checkpoint and applied events): e.g. `savings-loan.reference`. */
  name: string;
  source: EventSource;
  /** The consumer's database, as the application role. */
  database: ScopedDatabase;
  /** The schema holding its event_checkpoint and applied_event tables. */
  schema: string;
  handle: EventHandler;
  /** Events per transaction. */
  batchSize: number;
  /** Longest wait between reads when no notification comes (the polling fallback), in ms. */
  pollIntervalMs: number;
  /** Told of a batch that failed (it is retried after the poll interval). */
  onError?: (error: unknown) => void;
}

export interface ConsumerStatus {
  consumer: string;
  producer: string;
  lag: ConsumerLag;
  /** The last error of a batch since the last batch that succeeded, if any. */
  lastError: string | null;
}

/**
 * Runs a consumer: reads a batch from its source after its checkpoint, and applies it in ONE
 * transaction of its own database together with the new checkpoint and the ids of the events
 * applied. At least once and idempotent: a batch that fails (a handler throws, the process dies)
 * leaves nothing behind and is read again; an event whose id is recorded is skipped. Several
 * processes may run the same consumer: the checkpoint row is locked, and a batch read from a
 * position another process has moved past is dropped and read again. The source is told after the
 * transaction whether the batch was applied (`settle`: a broker acks only then).
 */
export class Consumer {
  private running: Promise<void> | null = null;
  private abort = new AbortController();
  private lastError: string | null = null;

  constructor(private readonly options: ConsumerOptions) {}

  get name(): string {
    return this.options.name;
  }

  get producer(): string {
    return this.options.source.producer;
  }

  /** Starts the loop in the background: read, apply, wait for a notification or the poll interval. */
  start(): void {
    if (this.running) return;
    this.abort = new AbortController();
    const signal = this.abort.signal;
    this.running = pollingLoop({
      signal,
      batchSize: this.options.batchSize,
      runOnce: () => this.runOnce(),
      waitForMore: (s) => this.options.source.waitForEvents(this.options.pollIntervalMs, s),
      report: (error) => {
        this.lastError = error === null ? null : errorText(error);
        if (error !== null) this.options.onError?.(error);
      },
    });
  }

  /** Stops the loop after the batch in progress (whose transaction commits or rolls back whole). */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
    this.running = null;
  }

  /** Reads and applies one batch; returns how many events it read (0: nothing new). */
  async runOnce(): Promise<number> {
    const { source, batchSize } = this.options;
    const position = await this.position();
    const batch = await source.read(position, batchSize, () => this.position());
    if (batch.events.length === 0) return 0;
    let moved: boolean;
    try {
      moved = await this.apply(batch, position);
    } catch (error) {
      await source.settle?.(batch, false).catch(() => undefined);
      throw error;
    }
    // After the commit: a broker's messages are acked only once the read model holds them.
    await source.settle?.(batch, !moved).catch((error: unknown) => this.options.onError?.(error));
    return moved ? 0 : batch.events.length;
  }

  private async apply(batch: EventBatch, position: string | null): Promise<boolean> {
    const { source, database, schema, name } = this.options;
    return database.transaction(SYSTEM_SCOPE, async (em) => {
      await em.query(
        `INSERT INTO "${schema}".event_checkpoint (consumer, producer, position) VALUES ($1, $2, NULL) ON CONFLICT DO NOTHING`,
        [name, source.producer],
      );
      const [row]: { position: string | null }[] = await em.query(
        `SELECT position FROM "${schema}".event_checkpoint WHERE consumer = $1 AND producer = $2 FOR UPDATE`,
        [name, source.producer],
      );
      if (row.position !== position) return true; // another process applied this batch meanwhile
      const ids = batch.events.map((e) => e.id);
      const seen: { event_id: string }[] = await em.query(
        `SELECT event_id FROM "${schema}".applied_event WHERE consumer = $1 AND event_id = ANY($2::uuid[])`,
        [name, ids],
      );
      const skip = new Set(seen.map((r) => r.event_id));
      const fresh = batch.events.filter((event) => !skip.has(event.id));
      for (const event of fresh) await this.options.handle(em, event);
      if (fresh.length) {
        await em.query(
          `INSERT INTO "${schema}".applied_event (consumer, event_id, producer, type)
           SELECT $1, e.id, $2, e.type FROM unnest($3::uuid[], $4::text[]) AS e(id, type)`,
          [name, source.producer, fresh.map((e) => e.id), fresh.map((e) => e.type)],
        );
      }
      await em.query(
        `UPDATE "${schema}".event_checkpoint SET position = $3, applied_events = applied_events + $4, updated_at = now()
          WHERE consumer = $1 AND producer = $2`,
        [name, source.producer, batch.next, fresh.length],
      );
      return false;
    });
  }

  /** Applies everything committed so far (tests, scripts): runs batches until one comes back short. */
  async drain(): Promise<void> {
    while ((await this.runOnce()) >= this.options.batchSize);
  }

  async status(): Promise<ConsumerStatus> {
    return {
      consumer: this.options.name,
      producer: this.options.source.producer,
      lag: await this.options.source.lag(await this.position()),
      lastError: this.lastError,
    };
  }

  private async position(): Promise<string | null> {
    const { database, schema, name, source } = this.options;
    const rows: { position: string | null }[] = await database.read(SYSTEM_SCOPE, (em) =>
      em.query(`SELECT position FROM "${schema}".event_checkpoint WHERE consumer = $1 AND producer = $2`, [name, source.producer]),
    );
    return rows[0]?.position ?? null;
  }
}
