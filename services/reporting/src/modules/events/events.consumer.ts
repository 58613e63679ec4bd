import { DataSource } from 'typeorm';
import { ScopedDatabase, assertApplicationRole } from '@funds/db-kit';
import {
  Consumer,
  ConsumerSettings,
  ConsumerStatus,
  EventHandler,
  MEMBERSHIP_PRODUCER,
  consumerMetricsText,
  openEventSource,
} from '@funds/events';
import { applyMembershipEvent } from './membership.projector';
import { applyBookEvent } from './books.projector';
import { SAVINGS_LOAN_OUTBOX_SCHEMA, SAVINGS_LOAN_PRODUCER } from './book-events';

const S = 'reporting';
/** The consumers' names in their checkpoints, applied events and metrics: one per producer. */
export const REPORTING_CONSUMERS = { membership: 'reporting.membership', books: 'reporting.books' } as const;

/** Where reporting reads a producer's outbox. */
export interface ProducerSettings {
  /** The producer's outbox, as the application role there; unset: reporting's own database. */
  outboxUrl?: string;
}

export interface ReportingEventSettings extends Omit<ConsumerSettings, 'outboxUrl'> {
  membership: ProducerSettings;
  books: ProducerSettings;
}

type Lag = Omit<ConsumerStatus, 'lag'> & { lag: ConsumerStatus['lag'] | null };

export interface RunningReportingConsumers {
  consumers: Consumer[];
  /** Applies everything committed so far by both producers (tests, scripts). */
  drain(): Promise<void>;
  /** For GET /health: each consumer's lag behind its producer's outbox (null when it cannot be read). */
  health(): Promise<{ events: Lag[] }>;
  /** For GET /metrics. */
  metrics(): Promise<string>;
  start(): void;
  stop(): Promise<void>;
}

interface Opened {
  consumer: Consumer;
  close(): Promise<void>;
}

/**
 * reporting's two consumers, one per producer (membership's events: the hierarchy and members;
 * savings-loan's: the books), each with its own checkpoint and applied events, on reporting's own
 * database (`dataSource`, the application role). A producer's outbox is read from its
 * `outboxUrl` when set (as the application role there), else from the same database; either way in
 * the platform's scope, which the outboxes' `relay` policy requires. With EVENTS_TRANSPORT=nats the
 * events come from the producers' JetStream streams instead (the outboxes then tell the lag of
 * what the producers' relays have not published yet). Not started: call `start()`
 * (the server does) or `drain()` (tests, scripts).
 */
export async function createReportingConsumers(
  dataSource: DataSource,
  settings: ReportingEventSettings,
  onError?: (error: unknown) => void,
): Promise<RunningReportingConsumers> {
  const open = async (name: string, producer: string, schema: string, handle: EventHandler, at: ProducerSettings): Promise<Opened> => {
    let outboxDb: DataSource | null = null;
    if (at.outboxUrl) {
      outboxDb = new DataSource({ type: 'postgres', url: at.outboxUrl, poolSize: 2, applicationName: `reporting-events-${producer}` });
      await outboxDb.initialize();
      await assertApplicationRole(outboxDb, schema).catch(async (error: unknown) => {
        await outboxDb?.destroy();
        throw error;
      });
    }
    const source = await openEventSource({
      producer,
      schema,
      consumer: name,
      database: new ScopedDatabase(outboxDb ?? dataSource),
      listenUrl: at.outboxUrl ?? (dataSource.options as { url?: string }).url ?? null,
      onListenError: onError,
      batchSize: settings.batchSize,
      transport: settings.transport,
    }).catch(async (error: unknown) => {
      await outboxDb?.destroy();
      throw error;
    });
    const consumer = new Consumer({
      name,
      source,
      database: new ScopedDatabase(dataSource),
      schema: S,
      handle,
      batchSize: settings.batchSize,
      pollIntervalMs: settings.pollIntervalMs,
      onError,
    });
    return {
      consumer,
      close: async () => {
        await consumer.stop();
        await source.close();
        await outboxDb?.destroy();
      },
    };
  };
  const opened = [
    await open(REPORTING_CONSUMERS.membership, MEMBERSHIP_PRODUCER, 'membership', applyMembershipEvent, settings.membership),
    await open(REPORTING_CONSUMERS.books, SAVINGS_LOAN_PRODUCER, SAVINGS_LOAN_OUTBOX_SCHEMA, applyBookEvent, settings.books),
  ];
  const consumers = opened.map((o) => o.consumer);
  const statuses = () =>
    Promise.all(
      consumers.map((consumer) =>
        consumer.status().catch((): Lag => ({
          consumer: consumer.name,
          producer: consumer.producer,
          lag: null,
          lastError: `${consumer.producer}'s outbox cannot be read`,
        })),
      ),
    );
  return {
    consumers,
    drain: async () => {
      for (const consumer of consumers) await consumer.drain();
    },
    health: async () => ({ events: await statuses() }),
    metrics: async () => consumerMetricsText((await statuses()).filter((s): s is ConsumerStatus => s.lag !== null)),
    start: () => {
      for (const consumer of consumers) consumer.start();
    },
    stop: async () => {
      for (const o of opened) await o.close();
    },
  };
}
