import type { ConsumerStatus } from './consumer';

const label = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/**
 * The consumers' lag in the Prometheus text format (served at a subgraph's GET /metrics):
 * `funds_event_consumer_lag_events` (events committed by the producer, not yet applied) and
 * `funds_event_consumer_lag_seconds` (age of the oldest of them), by consumer and producer.
 */
export function consumerMetricsText(statuses: readonly ConsumerStatus[]): string {
  const labels = (s: ConsumerStatus) => `{consumer="${label(s.consumer)}",producer="${label(s.producer)}"}`;
  return [
    '# HELP funds_event_consumer_lag_events Events the producer committed that the consumer has not applied yet.',
    '# TYPE funds_event_consumer_lag_events gauge',
    ...statuses.map((s) => `funds_event_consumer_lag_events${labels(s)} ${s.lag.events}`),
    '# HELP funds_event_consumer_lag_seconds Age in seconds of the oldest event the consumer has not applied yet (0 when none).',
    '# TYPE funds_event_consumer_lag_seconds gauge',
    ...statuses.map((s) => `funds_event_consumer_lag_seconds${labels(s)} ${Number(s.lag.oldestSeconds.toFixed(3))}`),
    '',
  ].join('\n');
}
