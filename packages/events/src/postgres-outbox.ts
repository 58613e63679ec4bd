import { Client } from 'pg';
import { SYSTEM_SCOPE, ScopedDatabase } from '@funds/db-kit';
import type { EventEnvelope } from './catalogue';
import type { ConsumerLag, EventBatch, EventSource } from './transport';
import { OUTBOX_CHANNEL } from './outbox';
import { Wakeup } from './wakeup';

/**
 * Reads a producer's outbox (`<schema>.outbox`) in Postgres: the first transport.
 *
 * The race it closes. `seq` is a bigserial: a transaction takes its number when it inserts and
 * becomes visible when it commits, later. With transaction A holding seq 7 still open and B
 * holding seq 8 committed, a reader of `seq > checkpoint` sees 8, checkpoints 8, and never reads
 * 7 once A commits. Reading `seq > checkpoint` loses events; ordering by the transaction id alone
 * (xid) does not lose them but is not commit order either (a transaction takes its xid at its
 * first write or row lock and may commit long after a later xid it waited for).
 *
 * The method: snapshot windows (as PgQ does). Every row records its transaction id (`xid`,
 * pg_current_xact_id(), a 64-bit xid8; outboxDeliverySql). A position is a pair of snapshots and
 * a seq: `from` (what was delivered before), `to` (the window being delivered) and `afterSeq`.
 * A window holds the rows whose transaction is visible in `to` and not in `from`, i.e. that
 * committed between the two snapshots; it is delivered in seq order, `afterSeq` marking how far
 * (a window may span several batches). When it is exhausted the next window starts at `to` and
 * ends at a fresh pg_current_snapshot(). A transaction still open at `to` is not visible in it
 * and so falls into a later window, whatever its seq: nothing is skipped. Windows follow commit
 * order (a transaction visible in a snapshot has every transaction that committed before it
 * visible too), and inside a window seq order is the order the events were appended, so an event
 * of a transaction that waited for another's lock comes after that other's events. A committed
 * event is deliverable at once: an unrelated long transaction elsewhere in the cluster does not
 * hold delivery back (as reading only below pg_snapshot_xmin would).
 *
 * Reads run in the platform's scope (SYSTEM_SCOPE), as the application role: the outbox's
 * row-level-security policy `relay` lets only the whole-network scope read it. Woken by LISTEN on
 * OUTBOX_CHANNEL (the outbox's trigger notifies at commit); the consumer's poll interval is the
 * fallback when a notification is lost or the listening connection is down.
 */
export interface PostgresOutboxSourceOptions {
  /** The producer's name and schema (membership). */
  producer: string;
  schema?: string;
  /** Where the outbox is read: the producer's database as the application role. */
  database: ScopedDatabase;
  /** The same database's URL, for the LISTEN connection; null: polling only. */
  listenUrl: string | null;
  /** Told when the LISTEN connection fails (the source polls meanwhile and reconnects at the next wait). */
  onListenError?: (error: unknown) => void;
}

interface OutboxPosition {
  from: string;
  to: string | null;
  afterSeq: string;
}

/** Before the first event: no transaction visible (every xid8 a transaction gets is at least 3). */
const START: OutboxPosition = { from: '3:3:', to: null, afterSeq: '0' };

function parsePosition(position: string | null): OutboxPosition {
  // null, or a broker's position (a stream sequence) after a change of transport: from the start
  // (the consumer skips the events it has applied).
  if (position === null || /^\d+$/.test(position)) return START;
  const value = JSON.parse(position) as OutboxPosition;
  if (typeof value.from !== 'string' || typeof value.afterSeq !== 'string') throw new Error(`Not an outbox position: ${position}`);
  return value;
}

interface OutboxRow {
  id: string;
  seq: string;
  type: string;
  version: number;
  aggregate_type: string;
  aggregate_id: string;
  fund_id: string | null;
  payload: unknown;
  actor: string | null;
  occurred_at: Date;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

export class PostgresOutboxSource implements EventSource {
  readonly producer: string;
  private readonly table: string;
  private listener: Client | null = null;
  private connecting: Promise<void> | null = null;
  private readonly wakeup = new Wakeup();
  private closed = false;

  constructor(private readonly options: PostgresOutboxSourceOptions) {
    const schema = options.schema ?? options.producer;
    if (!IDENTIFIER.test(schema)) throw new Error(`'${schema}' is not a schema name`);
    this.producer = options.producer;
    this.table = `"${schema}".outbox`;
  }

  async read(position: string | null, limit: number): Promise<EventBatch> {
    let at = parsePosition(position);
    return this.options.database.read(SYSTEM_SCOPE, async (em) => {
      const events: EventEnvelope[] = [];
      // At most two windows: the rest of the one in progress, then one up to now.
      for (;;) {
        const fresh = at.to === null;
        const to = at.to ?? ((await em.query(`SELECT pg_current_snapshot()::text AS s`)) as { s: string }[])[0].s;
        const want = limit - events.length;
        // A later statement than the one that took `to`: every row visible in `to` is visible to it.
        const rows: OutboxRow[] = await em.query(
          `SELECT o.id, o.seq::text AS seq, o.type, o.version, o.aggregate_type, o.aggregate_id, o.fund_id, o.payload, o.actor, o.occurred_at
             FROM ${this.table} o
            WHERE o.xid >= pg_snapshot_xmin($1::pg_snapshot)
              AND NOT pg_visible_in_snapshot(o.xid, $1::pg_snapshot)
              AND pg_visible_in_snapshot(o.xid, $2::pg_snapshot)
              AND o.seq > $3::bigint
            ORDER BY o.seq
            LIMIT $4`,
          [at.from, to, at.afterSeq, want],
        );
        events.push(...rows.map((row) => this.envelope(row)));
        if (rows.length === want) {
          at = { from: at.from, to, afterSeq: rows[rows.length - 1].seq };
          break;
        }
        at = { from: to, to: null, afterSeq: '0' };
        if (fresh) break;
      }
      return { events, next: JSON.stringify(at) };
    });
  }

  async lag(position: string | null): Promise<ConsumerLag> {
    const at = parsePosition(position);
    const [row]: { events: number; oldest: number }[] = await this.options.database.read(SYSTEM_SCOPE, (em) =>
      em.query(
        `SELECT count(*)::int AS events, coalesce(extract(epoch FROM now() - min(occurred_at)), 0)::float8 AS oldest
           FROM ${this.table}
          WHERE xid >= pg_snapshot_xmin($1::pg_snapshot)
            AND NOT pg_visible_in_snapshot(xid, $1::pg_snapshot)
            AND NOT coalesce(pg_visible_in_snapshot(xid, $2::pg_snapshot) AND seq <= $3::bigint, false)`,
        [at.from, at.to, at.afterSeq],
      ),
    );
    return { events: row.events, oldestSeconds: Math.max(0, row.oldest) };
  }

  async waitForEvents(ms: number, signal: AbortSignal): Promise<void> {
    // A LISTEN connection being made (the database restarting) never holds up the poll.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.listen(), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
    clearTimeout(timer);
    await this.wakeup.wait(ms, signal);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wakeup.release();
    await this.connecting?.catch(() => undefined);
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
  }

  private wake(): void {
    this.wakeup.wake();
  }

  /** Opens the LISTEN connection when there is none; a failure leaves the source polling. */
  private listen(): Promise<void> {
    if (this.closed || !this.options.listenUrl || this.listener) return Promise.resolve();
    this.connecting ??= (async () => {
      const client = new Client({
        connectionString: this.options.listenUrl!,
        application_name: `events-${this.producer}`,
        connectionTimeoutMillis: 10_000,
      });
      const lost = (error?: unknown) => {
        if (this.listener === client) this.listener = null;
        if (error) this.options.onListenError?.(error);
        client.end().catch(() => undefined);
      };
      try {
        await client.connect();
        client.on('notification', (message) => {
          if (message.channel === OUTBOX_CHANNEL && `"${message.payload}".outbox` === this.table) this.wake();
        });
        client.on('error', lost);
        client.on('end', () => lost());
        await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
        if (this.closed) {
          await client.end();
          return;
        }
        this.listener = client;
        // Whatever committed before LISTEN took effect was not notified: read once more.
        this.wakeup.set();
      } catch (error) {
        lost(error);
      }
    })().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private envelope(row: OutboxRow): EventEnvelope {
    return {
      id: row.id,
      producer: this.producer,
      type: row.type,
      version: row.version,
      aggregateType: row.aggregate_type,
      aggregateId: row.aggregate_id,
      fundId: row.fund_id,
      payload: row.payload,
      actor: row.actor,
      occurredAt: row.occurred_at,
    };
  }
}
