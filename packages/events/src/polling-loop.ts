/**
 * The loop a consumer and an outbox relay run in the background until `signal` aborts: a batch
 * (`runOnce`, how many events it handled), then, unless the batch was full and went well, a wait
 * for more (a notification or the poll interval). A batch that fails is reported and read again
 * after the wait.
 */
export function pollingLoop(options: {
  signal: AbortSignal;
  batchSize: number;
  runOnce: () => Promise<number>;
  waitForMore: (signal: AbortSignal) => Promise<void>;
  /** After every batch: null when it went well, else its error. */
  report: (error: unknown) => void;
}): Promise<void> {
  const { signal } = options;
  return (async () => {
    while (!signal.aborted) {
      let handled = 0;
      let failed = false;
      try {
        handled = await options.runOnce();
        options.report(null);
      } catch (error) {
        failed = true;
        options.report(error);
      }
      if (signal.aborted) break;
      if (handled < options.batchSize || failed) await options.waitForMore(signal).catch(() => undefined);
    }
  })();
}

/** A failed batch's error as the status shows it. */
export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));
