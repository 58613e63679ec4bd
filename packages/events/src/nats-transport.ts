import {
  AckPolicy,
  DeliverPolicy,
  Events,
  JetStreamClient,
  JetStreamManager,
  JsMsg,
  KV,
  NatsConnection,
  StorageType,
  Subscription,
  connect,
  nanos,
} from 'nats';
import { SYSTEM_SCOPE, ScopedDatabase } from '@funds/db-kit';
import type { EventEnvelope } from './catalogue';
import type { ConsumerLag, EventBatch, EventSource } from './transport';
import type { ConsumerStatus } from './consumer';
import { PostgresOutboxSource } from './postgres-outbox';
import { errorText, pollingLoop } from './polling-loop';
import { Wakeup } from './wakeup';

/**
 * The NATS JetStream transport (EVENTS_TRANSPORT=nats). One stream per producer
 * (`FUNDS_EVENTS_<PRODUCER>`, subjects `funds.events.<producer>.<event type>`, file storage), fed
 * by an OutboxRelay from the producer's Postgres outbox (which stays the source of truth: events
 * are still written in the business transaction), read by JetStreamSource through a durable pull
 * consumer per consumer name.
 *
 * At least once, end to end: the relay publishes a batch of outbox rows in delivery order, one
 * after the other, each with the event's id as its `Nats-Msg-Id` (JetStream drops a second copy
 * within the stream's duplicate window), and only then moves its checkpoint (kept in the
 * `funds_events_relay` key-value bucket, beside the streams: a store lost with the streams makes
 * the relay publish everything again). The consumer applies a batch in one transaction of its own
 * database with its checkpoint (the last stream sequence applied) and the applied event ids, and
 * acks the messages after that transaction commits; an event delivered again is skipped by id.
 */
export interface NatsSettings {
  /** nats://host:port (NATS_URL). */
  url: string;
  /** How long JetStream waits for an ack before delivering a message again, in ms (EVENTS_NATS_ACK_WAIT_MS). */
  ackWaitMs: number;
}

const RELAY_BUCKET = 'funds_events_relay';
const DUPLICATE_WINDOW_MS = 10 * 60_000;
/** Longest a fetch of the messages already in the stream may take before it is abandoned (the server is unreachable). */
const FETCH_TIMEOUT_MS = 3000;
/** Longest a publish waits for JetStream's ack. */
const PUBLISH_TIMEOUT_MS = 3000;

const token = (value: string) => value.replace(/[^A-Za-z0-9]/g, '_');
export const natsStreamOf = (producer: string) => `FUNDS_EVENTS_${token(producer).toUpperCase()}`;
export const natsSubjectOf = (producer: string, type = '>') => `funds.events.${token(producer)}.${type}`;
const relayKey = (producer: string) => token(producer);

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function encode(event: EventEnvelope): Uint8Array {
  return encoder.encode(JSON.stringify(event));
}

function decode(data: Uint8Array): EventEnvelope {
  const value = JSON.parse(decoder.decode(data)) as EventEnvelope & { occurredAt: string };
  return { ...value, occurredAt: new Date(value.occurredAt) };
}

/** A connection to NATS with JetStream, reconnecting for ever (a broker restart is waited out). */
class NatsLink {
  private kvBucket: KV | null = null;
  private readonly streams = new Set<string>();
  /** False between a disconnect and the reconnect: calls fail at once instead of waiting for their timeout. */
  private connected = true;

  private constructor(
    readonly nc: NatsConnection,
    readonly js: JetStreamClient,
    readonly jsm: JetStreamManager,
  ) {
    void (async () => {
      for await (const status of nc.status()) {
        if (status.type === Events.Disconnect) this.connected = false;
        if (status.type === Events.Reconnect) this.connected = true;
      }
    })().catch(() => undefined);
  }

  /** Throws when the connection to the server is down (the client reconnects meanwhile). */
  assertConnected(): void {
    if (!this.connected || this.nc.isClosed()) throw new Error(`NATS is unreachable at ${this.nc.getServer()}`);
  }

  static async open(settings: NatsSettings, name: string): Promise<NatsLink> {
    const nc = await connect({
      servers: settings.url,
      name,
      waitOnFirstConnect: true,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
      pingInterval: 10_000,
    });
    return new NatsLink(nc, nc.jetstream({ timeout: PUBLISH_TIMEOUT_MS }), await nc.jetstreamManager({ timeout: PUBLISH_TIMEOUT_MS }));
  }

  /** Creates the producer's stream unless it is there. */
  async stream(producer: string): Promise<string> {
    const stream = natsStreamOf(producer);
    if (this.streams.has(stream)) return stream;
    try {
      await this.jsm.streams.info(stream);
    } catch {
      await this.jsm.streams.add({
        name: stream,
        subjects: [natsSubjectOf(producer)],
        storage: StorageType.File,
        duplicate_window: nanos(DUPLICATE_WINDOW_MS),
      });
    }
    this.streams.add(stream);
    return stream;
  }

  async kv(): Promise<KV> {
    this.kvBucket ??= await this.js.views.kv(RELAY_BUCKET, { history: 1 });
    return this.kvBucket;
  }

  /** The relay's checkpoint: the outbox position after the last batch it published (null: none yet). */
  async relayPosition(producer: string): Promise<string | null> {
    const entry = await (await this.kv()).get(relayKey(producer));
    return entry && entry.operation === 'PUT' && entry.value.length > 0 ? entry.string() : null;
  }

  async setRelayPosition(producer: string, position: string): Promise<void> {
    await (await this.kv()).put(relayKey(producer), position);
  }

  async close(): Promise<void> {
    if (this.nc.isClosed()) return;
    await this.nc.close();
  }
}

export interface OutboxRelayOptions {
  /** The producer's name (membership, savings-loan) and outbox schema (its name unless given). */
  producer: string;
  schema?: string;
  /** The producer's database, as the application role (the outbox is read in the platform's scope). */
  database: ScopedDatabase;
  /** The same database's URL for LISTEN (woken at each outbox commit); null: polling only. */
  listenUrl: string | null;
  nats: NatsSettings;
  /** Events per published batch (EVENTS_BATCH_SIZE). */
  batchSize: number;
  /** Longest wait between reads of the outbox when no notification comes (EVENTS_POLL_INTERVAL_MS). */
  pollIntervalMs: number;
  onError?: (error: unknown) => void;
}

/**
 * Relays a producer's Postgres outbox to its JetStream stream, at least once and in delivery
 * order (the outbox's snapshot windows: commit order). One relay publishes at a time per producer
 * (a transaction-scoped advisory lock held while a batch is published), so several processes of a
 * producer may run one each. Runs in the producer's process (membership, savings-loan) when
 * EVENTS_TRANSPORT=nats.
 */
export class OutboxRelay {
  readonly producer: string;
  readonly source: PostgresOutboxSource;
  private running: Promise<void> | null = null;
  private abort = new AbortController();
  private lastError: string | null = null;
  /** The checkpoint as last read or written (undefined: not yet): the backlog is still told while the broker is down. */
  private known: string | null | undefined = undefined;

  private constructor(
    private readonly options: OutboxRelayOptions,
    private readonly link: NatsLink,
  ) {
    this.producer = options.producer;
    this.source = new PostgresOutboxSource({
      producer: options.producer,
      schema: options.schema,
      database: options.database,
      listenUrl: options.listenUrl,
      onListenError: options.onError,
    });
  }

  /** Connects to NATS (waiting for it when it is down) and creates the producer's stream. */
  static async open(options: OutboxRelayOptions): Promise<OutboxRelay> {
    const link = await NatsLink.open(options.nats, `relay-${options.producer}`);
    try {
      await link.stream(options.producer);
      await link.kv();
    } catch (error) {
      await link.close();
      throw error;
    }
    return new OutboxRelay(options, link);
  }

  /** Publishes one batch after the checkpoint; returns how many events it published (0: nothing new, or another relay holds the lock). */
  async runOnce(): Promise<number> {
    const { database, producer, batchSize } = this.options;
    const stream = await this.link.stream(producer);
    return database.transaction(SYSTEM_SCOPE, async (em) => {
      const [{ locked }]: { locked: boolean }[] = await em.query('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [
        `funds-events-relay:${producer}`,
      ]);
      if (!locked) return 0;
      this.link.assertConnected();
      const position = await this.link.relayPosition(producer);
      this.known = position;
      const batch = await this.source.read(position, batchSize);
      // One after the other: a message lost in a broken connection cannot be overtaken by a later one.
      for (const event of batch.events) {
        await this.link.js.publish(natsSubjectOf(producer, token(event.type)), encode(event), {
          msgID: event.id,
          expect: { streamName: stream },
        });
      }
      if (batch.events.length > 0) {
        await this.link.setRelayPosition(producer, batch.next);
        this.known = batch.next;
      }
      return batch.events.length;
    });
  }

  /** Publishes everything committed so far (tests, scripts). */
  async drain(): Promise<void> {
    while ((await this.runOnce()) >= this.options.batchSize);
  }

  start(): void {
    if (this.running) return;
    this.abort = new AbortController();
    const signal = this.abort.signal;
    this.running = pollingLoop({
      signal,
      batchSize: this.options.batchSize,
      runOnce: () => this.runOnce(),
      waitForMore: (s) => this.source.waitForEvents(this.options.pollIntervalMs, s),
      report: (error) => {
        this.lastError = error === null ? null : errorText(error);
        if (error !== null) this.options.onError?.(error);
      },
    });
  }

  /** The status for /health: status(), or, when the outbox or the broker cannot be read, a line that says so (lag null). */
  async health(): Promise<Omit<ConsumerStatus, 'lag'> & { lag: ConsumerStatus['lag'] | null }> {
    return this.status().catch(() => ({
      consumer: `nats-relay.${this.producer}`,
      producer: this.producer,
      lag: null,
      lastError: 'the outbox or the broker cannot be read',
    }));
  }

  /** The relay's backlog: outbox events not yet published (for /health and /metrics, as a consumer's lag). */
  async status(): Promise<ConsumerStatus> {
    return {
      consumer: `nats-relay.${this.producer}`,
      producer: this.producer,
      lag: await this.source.lag(await this.position()),
      lastError: this.lastError,
    };
  }

  private async position(): Promise<string | null> {
    try {
      this.link.assertConnected();
      this.known = await this.link.relayPosition(this.producer);
    } catch (error) {
      if (this.known === undefined) throw error;
    }
    return this.known;
  }

  /** Stops the loop after the batch in progress. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
    this.running = null;
  }

  async close(): Promise<void> {
    await this.stop();
    await this.source.close();
    await this.link.close();
  }
}

export interface JetStreamSourceOptions {
  producer: string;
  /** The consumer's name (its durable JetStream consumer is named after it). */
  consumer: string;
  nats: NatsSettings;
  /** The consumer's batch size: the durable consumer's max_ack_pending (one batch in flight, in order). */
  batchSize: number;
  /**
   * The producer's outbox, read for the lag only: events committed there that the relay has not
   * published yet count as lag too (unset: the stream's backlog only).
   */
  outbox?: PostgresOutboxSource;
}

/**
 * Reads a producer's events from its JetStream stream through a durable pull consumer. The
 * position kept in the consumer's checkpoint is the stream sequence of the last event applied;
 * the durable consumer delivers the next ones, and `settle` acks them once the consumer's
 * transaction has committed (or naks them, to be delivered again, when it rolled back). The
 * checkpoint stays the truth: messages at or below it (delivered again after a crash between
 * commit and ack) are acked and dropped, and a durable consumer ahead of it (the checkpoint was
 * reset to replay from zero, or a Postgres-transport position is found) is recreated to start
 * right after it. A batch is applied only when it follows the checkpoint without a hole, so
 * several processes of one consumer apply batches in stream order (a batch read past a batch
 * another process still holds is given back, and read again).
 */
export class JetStreamSource implements EventSource {
  readonly producer: string;
  private readonly stream: string;
  private readonly durable: string;
  private readonly inFlight = new WeakMap<EventBatch, JsMsg[]>();
  private readonly wakeup = new Wakeup();
  private subscription: Subscription | null = null;

  private constructor(
    private readonly options: JetStreamSourceOptions,
    private readonly link: NatsLink,
  ) {
    this.producer = options.producer;
    this.stream = natsStreamOf(options.producer);
    this.durable = token(options.consumer);
  }

  /** Connects to NATS (waiting for it when it is down), creates the stream and the durable consumer unless they are there. */
  static async open(options: JetStreamSourceOptions): Promise<JetStreamSource> {
    const link = await NatsLink.open(options.nats, `consumer-${options.consumer}`);
    const source = new JetStreamSource(options, link);
    try {
      await link.stream(options.producer);
      await link.kv();
      await source.ensureConsumer(null);
    } catch (error) {
      await link.close();
      throw error;
    }
    // Woken by every message published to the stream's subjects (as LISTEN/NOTIFY wakes the Postgres source).
    source.subscription = link.nc.subscribe(natsSubjectOf(options.producer), { callback: () => source.wake() });
    return source;
  }

  /**
   * Room for a few batches in flight (several processes of one consumer): a fetch that finds the
   * limit reached gets no answer from the server, only the client's timeout.
   */
  private get maxAckPending(): number {
    return Math.max(1000, this.options.batchSize * 4);
  }

  private consumerConfig(startSeq: number | null) {
    return {
      durable_name: this.durable,
      ack_policy: AckPolicy.Explicit,
      max_ack_pending: this.maxAckPending,
      ack_wait: nanos(this.options.nats.ackWaitMs),
      ...(startSeq === null
        ? { deliver_policy: DeliverPolicy.All }
        : { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: startSeq }),
    };
  }

  /** Creates the durable consumer (from the stream's start, or from `startSeq`), or updates its limits when it is there. */
  private async ensureConsumer(startSeq: number | null): Promise<void> {
    try {
      const info = await this.link.jsm.consumers.info(this.stream, this.durable);
      const ackWait = nanos(this.options.nats.ackWaitMs);
      if (info.config.max_ack_pending !== this.maxAckPending || info.config.ack_wait !== ackWait) {
        await this.link.jsm.consumers.update(this.stream, this.durable, { max_ack_pending: this.maxAckPending, ack_wait: ackWait });
      }
    } catch {
      await this.link.jsm.consumers.add(this.stream, this.consumerConfig(startSeq));
    }
  }

  /** Starts the durable consumer again right after `position` (a replay from there). */
  private async restartAt(startSeq: number): Promise<void> {
    await this.link.jsm.consumers.delete(this.stream, this.durable).catch(() => undefined);
    try {
      await this.link.jsm.consumers.add(this.stream, this.consumerConfig(startSeq));
    } catch (error) {
      // Another process of this consumer started it again meanwhile: the checkpoint sorts out the rest.
      await this.link.jsm.consumers.info(this.stream, this.durable).catch(() => Promise.reject(error));
    }
  }

  private async streamHas(seq: number): Promise<boolean> {
    const { state } = await this.link.jsm.streams.info(this.stream);
    return state.first_seq <= seq && seq <= state.last_seq;
  }

  /**
   * The messages the durable consumer has for us now, without waiting for more: the client's
   * older pull form with `no_wait` (its newer Consumer.fetch waits at least a second for a full
   * batch). A pull that gets no answer (the server is unreachable) ends with an error.
   */
  private async fetch(limit: number): Promise<JsMsg[]> {
    this.link.assertConnected();
    const messages = this.link.js.fetch(this.stream, this.durable, { batch: limit, no_wait: true });
    const timer = setTimeout(
      () => messages.stop(new Error(`NATS: no answer to a fetch from ${this.stream} in ${FETCH_TIMEOUT_MS} ms`)),
      FETCH_TIMEOUT_MS,
    );
    const out: JsMsg[] = [];
    try {
      for await (const message of messages) out.push(message);
    } finally {
      clearTimeout(timer);
    }
    return out;
  }

  async read(position: string | null, limit: number, current?: () => Promise<string | null>): Promise<EventBatch> {
    const after = parsePosition(position);
    // A gap between the checkpoint and what the durable consumer delivers: the durable consumer is
    // past the checkpoint (a replay from zero was asked for: it starts again after the checkpoint),
    // unless the checkpoint moved meanwhile (another process of this consumer applied a batch: the
    // batch read here is stale and dropped, as the consumer would drop it).
    const moved = async () => current !== undefined && parsePosition(await current()) !== after;
    for (let attempt = 0; attempt < 3; attempt++) {
      const messages = await this.fetch(limit);
      try {
        const taken = await this.take(messages, after, moved);
        if (taken === 'none') break;
        if (taken !== 'again') return taken;
      } catch (error) {
        // Given back at once (not left to the ack wait): the checkpoint or the broker could not be read.
        for (const message of messages) message.nak(); // a message acked or given back already is left as it is (the client answers once)
        throw error;
      }
    }
    return { events: [], next: position ?? '0' };
  }

  /**
   * The batch to apply from what was fetched; `again`: fetch again, `none`: nothing to apply now
   * (what could not be applied was given back).
   */
  private async take(messages: JsMsg[], after: number, moved: () => Promise<boolean>): Promise<EventBatch | 'again' | 'none'> {
    {
      const fresh: JsMsg[] = [];
      // Redelivered messages (given back by another process) may come before earlier ones: in stream order.
      messages.sort((a, b) => a.seq - b.seq);
      for (const message of messages) {
        if (message.seq <= after)
          message.ack(); // applied already: delivered again after a crash between commit and ack
        else fresh.push(message);
      }
      if (fresh.length === 0) {
        if (messages.length > 0) return 'again';
        // Nothing delivered: is the durable consumer past the checkpoint (a replay from zero was asked for)?
        const info = await this.link.jsm.consumers.info(this.stream, this.durable);
        if (info.num_ack_pending === 0 && info.delivered.stream_seq > after && (await this.streamHas(after + 1)) && !(await moved())) {
          await this.restartAt(after + 1);
          return 'again';
        }
        return 'none';
      }
      if (fresh[0].seq > after + 1 && (await this.streamHas(after + 1))) {
        for (const message of fresh) message.nak();
        if (await moved()) return 'none';
        // The messages in between are held by another process of this consumer (it applies them
        // first), or were given back and come again (both count as unacked, as do those just given
        // back here); none: the durable consumer is past the checkpoint.
        const info = await this.link.jsm.consumers.info(this.stream, this.durable);
        if (info.num_ack_pending - fresh.length > 0) return 'again';
        await this.restartAt(after + 1);
        return 'again';
      }
      // In stream order without a hole (a redelivery may come in between another process's batch): the rest comes again.
      let run = 1;
      while (run < fresh.length && fresh[run].seq === fresh[run - 1].seq + 1) run++;
      for (const message of fresh.slice(run)) message.nak();
      const taken = fresh.slice(0, run);
      const batch: EventBatch = { events: taken.map((m) => decode(m.data)), next: String(taken[taken.length - 1].seq) };
      this.inFlight.set(batch, taken);
      return batch;
    }
  }

  async settle(batch: EventBatch, applied: boolean): Promise<void> {
    const messages = this.inFlight.get(batch);
    this.inFlight.delete(batch);
    for (const message of messages ?? []) {
      if (applied) message.ack();
      else message.nak();
    }
  }

  async lag(position: string | null): Promise<ConsumerLag> {
    const after = parsePosition(position);
    this.link.assertConnected();
    const { state } = await this.link.jsm.streams.info(this.stream);
    const first = Math.max(after + 1, state.first_seq);
    let events = Math.max(0, state.last_seq - first + 1);
    let oldestSeconds = 0;
    if (events > 0) {
      const message = await this.link.jsm.streams.getMessage(this.stream, { seq: first }).catch(() => null);
      if (message) oldestSeconds = Math.max(0, (Date.now() - decode(message.data).occurredAt.getTime()) / 1000);
    }
    if (this.options.outbox) {
      const unpublished = await this.options.outbox.lag(await this.link.relayPosition(this.producer));
      events += unpublished.events;
      oldestSeconds = Math.max(oldestSeconds, unpublished.oldestSeconds);
    }
    return { events, oldestSeconds };
  }

  async waitForEvents(ms: number, signal: AbortSignal): Promise<void> {
    await this.wakeup.wait(ms, signal);
  }

  private wake(): void {
    this.wakeup.wake();
  }

  async close(): Promise<void> {
    this.wakeup.release();
    this.subscription?.unsubscribe();
    await this.options.outbox?.close();
    await this.link.close();
  }
}

/** A stream sequence; anything else (null, a Postgres outbox position after a change of transport) is the start. */
function parsePosition(position: string | null): number {
  return position !== null && /^\d+$/.test(position) ? Number(position) : 0;
}
