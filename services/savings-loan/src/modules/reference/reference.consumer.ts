import { DataSource } from 'typeorm';
import { ScopedDatabase, assertApplicationRole } from '@funds/db-kit';
import { Consumer, ConsumerSettings, ConsumerStatus, MEMBERSHIP_PRODUCER, consumerMetricsText, openEventSource } from '@funds/events';
import { applyMembershipEvent } from './reference.projector';

/** The consumer's name in its checkpoint, applied events and metrics. */
export const REFERENCE_CONSUMER = 'savings-loan.reference';
const S = 'savings_loan';

export interface RunningReferenceConsumer {
  consumer: Consumer;
  /** For GET /health: the consumer's lag behind membership's outbox (null when it cannot be read). */
  health(): Promise<{ events: (Omit<ConsumerStatus, 'lag'> & { lag: ConsumerStatus['lag'] | null })[] }>;
  /** For GET /metrics. */
  metrics(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * savings-loan's consumer of membership's events (reference tables and opened books), on
 * savings-loan's own database (`dataSource`, the application role). Membership's outbox is read
 * from `settings.outboxUrl` (EVENTS_MEMBERSHIP_OUTBOX_URL) when set (as the application role there), else from the same
 * database; either way in the platform's scope, which the outbox's `relay` policy requires.
 * With EVENTS_TRANSPORT=nats the events come from membership's JetStream stream instead.
 * Not started: call `consumer.start()` (the server does) or `consumer.drain()` (tests).
 */
export async function createReferenceConsumer(
  dataSource: DataSource,
  settings: ConsumerSettings,
  onError?: (error: unknown) => void,
): Promise<RunningReferenceConsumer> {
  const outboxUrl = settings.outboxUrl;
  let outboxDb: DataSource | null = null;
  if (outboxUrl) {
    outboxDb = new DataSource({ type: 'postgres', url: outboxUrl, poolSize: 2, applicationName: 'savings-loan-events' });
    await outboxDb.initialize();
    // Never the owner there either: the outbox's row-level security must bind the reader.
    await assertApplicationRole(outboxDb, MEMBERSHIP_PRODUCER).catch(async (error: unknown) => {
      await outboxDb?.destroy();
      throw error;
    });
  }
  const source = await openEventSource({
    producer: MEMBERSHIP_PRODUCER,
    consumer: REFERENCE_CONSUMER,
    database: new ScopedDatabase(outboxDb ?? dataSource),
    listenUrl: outboxUrl ?? (dataSource.options as { url?: string }).url ?? null,
    onListenError: onError,
    batchSize: settings.batchSize,
    transport: settings.transport,
  }).catch(async (error: unknown) => {
    await outboxDb?.destroy();
    throw error;
  });
  const consumer = new Consumer({
    name: REFERENCE_CONSUMER,
    source,
    database: new ScopedDatabase(dataSource),
    schema: S,
    handle: applyMembershipEvent,
    batchSize: settings.batchSize,
    pollIntervalMs: settings.pollIntervalMs,
    onError,
  });
  return {
    consumer,
    // The lag cannot be read (membership's outbox elsewhere is down): said here, not a 503 of savings-loan.
    health: async () => ({
      events: [
        await consumer.status().catch(() => ({
          consumer: consumer.name,
          producer: consumer.producer,
          lag: null,
          lastError: "membership's outbox cannot be read",
        })),
      ],
    }),
    metrics: async () => consumerMetricsText([await consumer.status()]),
    stop: async () => {
      await consumer.stop();
      await source.close();
      await outboxDb?.destroy();
    },
  };
}
