import type { ScopedDatabase } from '@funds/db-kit';
import type { EventSource } from './transport';
import type { ConsumerSettings, TransportSettings } from './settings';
import { PostgresOutboxSource } from './postgres-outbox';
import { JetStreamSource, OutboxRelay } from './nats-transport';

export interface OpenEventSourceOptions {
  /** The producer's name and outbox schema (its name unless given). */
  producer: string;
  schema?: string;
  /** The consumer's name (a broker's durable consumer is named after it). */
  consumer: string;
  /** The producer's outbox database, as the application role (read in the platform's scope). */
  database: ScopedDatabase;
  /** The same database's URL for LISTEN; null: polling only. */
  listenUrl: string | null;
  onListenError?: (error: unknown) => void;
  batchSize: number;
  /** Unset: the Postgres outbox. */
  transport?: TransportSettings;
}

/**
 * Where a consumer reads a producer's events, as EVENTS_TRANSPORT says: the producer's Postgres
 * outbox, or its JetStream stream (the outbox then only tells the lag of the events the producer's
 * relay has not published yet).
 */
export async function openEventSource(options: OpenEventSourceOptions): Promise<EventSource> {
  const outbox = new PostgresOutboxSource({
    producer: options.producer,
    schema: options.schema,
    database: options.database,
    listenUrl: options.transport?.kind === 'nats' ? null : options.listenUrl,
    onListenError: options.onListenError,
  });
  if (options.transport?.kind !== 'nats') return outbox;
  return JetStreamSource.open({
    producer: options.producer,
    consumer: options.consumer,
    nats: options.transport.nats,
    batchSize: options.batchSize,
    outbox,
  });
}

export interface OpenRelayOptions {
  producer: string;
  schema?: string;
  /** The producer's own database, as the application role. */
  database: ScopedDatabase;
  listenUrl: string | null;
  batchSize: number;
  pollIntervalMs: number;
  transport?: TransportSettings;
  onError?: (error: unknown) => void;
}

/** The producer's relay of its outbox to JetStream when EVENTS_TRANSPORT=nats (started); null with the Postgres transport. */
export async function startOutboxRelay(options: OpenRelayOptions): Promise<OutboxRelay | null> {
  if (options.transport?.kind !== 'nats') return null;
  const relay = await OutboxRelay.open({ ...options, nats: options.transport.nats });
  relay.start();
  return relay;
}

/**
 * A subgraph's relay of its own outbox (when EVENTS_TRANSPORT=nats; null otherwise): its
 * consumers' settings, woken by NOTIFY on its data source's address, a failed batch logged as a
 * warning and published again.
 */
export function startServiceRelay(options: {
  producer: string;
  schema: string;
  database: ScopedDatabase;
  /** The data source's connection options (their `url`, when given, is listened on). */
  connection: object;
  settings: ConsumerSettings;
  logger: { warn(details: object, message: string): void };
}): Promise<OutboxRelay | null> {
  const { settings, logger } = options;
  return startOutboxRelay({
    producer: options.producer,
    schema: options.schema,
    database: options.database,
    listenUrl: (options.connection as { url?: string }).url ?? null,
    batchSize: settings.batchSize,
    pollIntervalMs: settings.pollIntervalMs,
    transport: settings.transport,
    onError: (error) => logger.warn({ err: error }, 'outbox relay: a batch failed; it is published again'),
  });
}
