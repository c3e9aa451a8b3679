/**
 * Drawings that are the same for every visitor (a gallery page, a morph link's ends, a model page's sample rows),
 * kept by what they are: an LRU of promises, so the requests that arrive while one is being drawn wait for that one
 * instead of drawing it again, and the ones after it get the finished drawing for a Map lookup. A drawing that fails
 * is forgotten, so the next request tries again.
 */
import 'server-only';

import { LruCache } from './lru';

export class PromiseCache<T> {
  private readonly entries: LruCache<string, Promise<T>>;

  constructor(capacity: number) {
    this.entries = new LruCache(capacity);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Whether a value (finished or being drawn) is kept under `key`. */
  has(key: string): boolean {
    return this.entries.get(key) !== undefined;
  }

  /** The value kept under `key`, or the one `draw()` makes (once, however many ask while it runs). */
  get(key: string, draw: () => Promise<T>): Promise<T> {
    const kept = this.entries.get(key);
    if (kept) return kept;
    const promise = draw();
    this.entries.set(key, promise);
    promise.catch(() => {
      // Only this attempt: a newer one under the same key (after an eviction) stays.
      if (this.entries.get(key) === promise) this.entries.delete(key);
    });
    return promise;
  }
}
