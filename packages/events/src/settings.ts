import { Config, loadConfig } from '@funds/config';
import type { NatsSettings } from './nats-transport';

/** Which transport carries events (EVENTS_TRANSPORT): the Postgres outbox itself, or NATS JetStream fed from it. */
export type TransportSettings = { kind: 'postgres' } | { kind: 'nats'; nats: NatsSettings };

/** How a consumer runs, from packages/config (EVENTS_* settings). */
export interface ConsumerSettings {
  /** Longest wait between reads when no notification comes, in ms (EVENTS_POLL_INTERVAL_MS). */
  pollIntervalMs: number;
  /** Events per transaction (EVENTS_BATCH_SIZE). */
  batchSize: number;
  /** Where the producer's outbox is read, as the application role; unset: the consumer's own database. */
  outboxUrl?: string;
  /** EVENTS_TRANSPORT (and NATS_URL, EVENTS_NATS_ACK_WAIT_MS); unset: the Postgres outbox. */
  transport?: TransportSettings;
}

/** EVENTS_TRANSPORT's choice with its settings. */
export function transportSettings(config: Config = loadConfig()): TransportSettings {
  return config.EVENTS_TRANSPORT === 'nats'
    ? { kind: 'nats', nats: { url: config.NATS_URL, ackWaitMs: config.EVENTS_NATS_ACK_WAIT_MS } }
    : { kind: 'postgres' };
}

/** The settings of a consumer of membership's events (EVENTS_MEMBERSHIP_OUTBOX_URL and the shared ones). */
export function membershipConsumerSettings(config: Config = loadConfig()): ConsumerSettings {
  return {
    pollIntervalMs: config.EVENTS_POLL_INTERVAL_MS,
    batchSize: config.EVENTS_BATCH_SIZE,
    outboxUrl: config.EVENTS_MEMBERSHIP_OUTBOX_URL,
    transport: transportSettings(config),
  };
}
