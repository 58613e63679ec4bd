import { Config, loadConfig } from '@funds/config';

/** How a consumer runs, from packages/config (EVENTS_* settings). */
export interface ConsumerSettings {
  /** Longest wait between reads when no notification comes, in ms (EVENTS_POLL_INTERVAL_MS). */
  pollIntervalMs: number;
  /** Events per transaction (EVENTS_BATCH_SIZE). */
  batchSize: number;
  /** Where the producer's outbox is read, as the application role; unset: the consumer's own database. */
  outboxUrl?: string;
}

/** The settings of a consumer of membership's events (EVENTS_MEMBERSHIP_OUTBOX_URL and the shared ones). */
export function membershipConsumerSettings(config: Config = loadConfig()): ConsumerSettings {
  return {
    pollIntervalMs: config.EVENTS_POLL_INTERVAL_MS,
    batchSize: config.EVENTS_BATCH_SIZE,
    outboxUrl: config.EVENTS_MEMBERSHIP_OUTBOX_URL,
  };
}
