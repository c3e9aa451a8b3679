/**
 * Things worth drawing once for every visitor (a finished symbol, a seed's latent, a gallery page, a morph link's
 * ends, a model page's sample rows), kept by what they are: the requests that arrive while one is being drawn wait for
 * that one instead of drawing it again, and the ones after it get the finished value for a Map lookup. A drawing that
 * fails is forgotten, so the next request tries again.
 *
 * Finished values are kept, never the promises that made them. Node's AsyncLocalStorage copies the active stores
 * onto every promise created inside a request, and Next's store holds that request's response and render state
 * (its after-response callbacks close over `req` and `res`): a kept promise kept the first request for its key, up
 * to a thousand whole requests pinned by two caches of 500 (heap snapshots of the soak, 2026-12-07, bench/RESULTS.md).
 * A promise lives here only while its value is being drawn.
 */
import 'server-only';

import { LruCache } from './lru';

export class PromiseCache<T> {
  private readonly values: LruCache<string, { value: T }>;
  private readonly drawing = new Map<string, Promise<T>>();

  constructor(capacity: number) {
    this.values = new LruCache(capacity);
  }

  /** Values kept and values being drawn. */
  get size(): number {
    return this.values.size + this.drawing.size;
  }

  /** Whether a value (finished or being drawn) is kept under `key`. */
  has(key: string): boolean {
    return this.drawing.has(key) || this.values.get(key) !== undefined;
  }

  /** The value kept under `key`, or the one `draw()` makes (once, however many ask while it runs). */
  get(key: string, draw: () => Promise<T>): Promise<T> {
    const kept = this.values.get(key);
    if (kept) return Promise.resolve(kept.value);
    const running = this.drawing.get(key);
    if (running) return running;
    const promise = draw();
    this.drawing.set(key, promise);
    promise.then(
      (value) => {
        if (this.drawing.get(key) !== promise) return; // cleared meanwhile: keep nothing of it
        this.drawing.delete(key);
        this.values.set(key, { value });
      },
      () => {
        if (this.drawing.get(key) === promise) this.drawing.delete(key);
      },
    );
    return promise;
  }

  /** Forget every value, and every drawing still under way (those that ask again draw again). */
  clear(): void {
    this.values.clear();
    this.drawing.clear();
  }
}
