/**
 * Work that waits for a shared pass: items queued while a pass runs are handled together in the next one (at most
 * `maxBatch` per pass, one pass at a time), so throughput grows under load instead of each request waiting for its
 * own pass. Past `maxWaiting` items waiting, add() refuses at once with `busy()`'s error.
 */
import 'server-only';

interface Waiting<I, O> {
  item: I;
  resolve: (out: O) => void;
  reject: (e: unknown) => void;
}

export class PassQueue<I, O> {
  private queue: Waiting<I, O>[] = [];
  private running = false;

  constructor(
    private readonly pass: (items: I[]) => Promise<O[]>,
    private readonly maxBatch: number,
    private readonly maxWaiting: number,
    private readonly busy: () => Error,
  ) {}

  /** `item`'s result from the pass it shared; `busy()`'s error when too many wait. */
  add(item: I): Promise<O> {
    if (this.queue.length >= this.maxWaiting) return Promise.reject(this.busy());
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.running) {
        this.running = true;
        // Let the requests of this tick join the first batch.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        const out = await this.pass(batch.map((w) => w.item));
        batch.forEach((w, i) => w.resolve(out[i]!));
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    this.running = false;
  }
}
