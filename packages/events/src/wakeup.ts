/**
 * How a source's reader waits for news: `wait` returns at the first of a `wake` (a notification
 * that something was committed), its time limit, or the abort. A wake with nobody waiting is kept
 * for the next wait, which then returns at once. The Postgres outbox and JetStream sources share it.
 */
export class Wakeup {
  private pending = false;
  private readonly waiters = new Set<() => void>();

  /** Something may be there to read: the next wait returns at once. */
  set(): void {
    this.pending = true;
  }

  /** A notification: wakes the waiters, or is kept for the next wait when there are none. */
  wake(): void {
    if (this.waiters.size === 0) this.pending = true;
    this.release();
  }

  /** Wakes every waiter and keeps nothing (the source is closing). */
  release(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  async wait(ms: number, signal: AbortSignal): Promise<void> {
    if (this.pending || signal.aborted) {
      this.pending = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
      signal.addEventListener('abort', done);
    });
    this.pending = false;
  }
}
