/**
 * The first paint of many symbols (lib/server/first-paint firstPaintMany) and the cache behind it
 * (lib/server/promise-cache): the image API's symbols in the page's order, one drawing for a burst of visitors, and
 * never a failed page: a pass over budget or a model that cannot load leaves every symbol to the browser.
 */
import { rm } from 'node:fs/promises';

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import type { ModelEntry, ModelIndex } from '@/lib/model/model-folder';
import { firstPaintMany, MAX_DRAWINGS_UNDERWAY } from '@/lib/server/first-paint';
import { renderSymbol } from '@/lib/server/generator';
import { PromiseCache } from '@/lib/server/promise-cache';

import { tinyModelsDir } from './helpers/tiny-model';

let dir: string;
let entry: ModelEntry;
let index: ModelIndex;

beforeAll(async () => {
  ({ dir, entry } = await tinyModelsDir());
  index = { version: 1, default: entry.id, models: [entry] };
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A promise and the functions that settle it. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('promise cache', () => {
  it('draws once for a burst of requests, and answers the next ones from what it kept', async () => {
    const cache = new PromiseCache<string>(4);
    const pending = deferred<string>();
    const draw = vi.fn(() => pending.promise);
    const burst = Array.from({ length: 10 }, () => cache.get('page 1', draw));
    pending.resolve('drawn');
    expect(await Promise.all(burst)).toEqual(Array(10).fill('drawn'));
    expect(await cache.get('page 1', draw)).toBe('drawn');
    expect(draw).toHaveBeenCalledTimes(1);
  });

  it('forgets a drawing that failed, so the next request draws again', async () => {
    const cache = new PromiseCache<string>(4);
    await expect(cache.get('page 1', () => Promise.reject(new Error('no model')))).rejects.toThrow('no model');
    expect(cache.size).toBe(0);
    expect(await cache.get('page 1', async () => 'drawn')).toBe('drawn');
  });

  it('keeps at most its capacity, dropping the least recently asked for', async () => {
    const cache = new PromiseCache<number>(2);
    const draw = vi.fn(async () => draw.mock.calls.length);
    await cache.get('a', draw);
    await cache.get('b', draw);
    await cache.get('a', draw); // a is fresh again, so b goes
    await cache.get('c', draw);
    expect(cache.size).toBe(2);
    expect(draw).toHaveBeenCalledTimes(3);
    await cache.get('a', draw);
    expect(draw).toHaveBeenCalledTimes(3);
    await cache.get('b', draw);
    expect(draw).toHaveBeenCalledTimes(4);
  });
});

describe('first paint of many symbols', () => {
  const items = [
    { seed: 'vekamorim', style: null },
    { seed: 'a sigil for courage', style: null },
    { seed: 'luna', style: null },
  ];

  it('gives up (null, without throwing) when the passes are over budget, and the drawing lands for the next request', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      // The first call loads the model (hundreds of ms), far over a 1 ms budget.
      expect(await firstPaintMany(index, null, items, { dir, budgetMs: 1, psi: 0.9 })).toBeNull();
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('3 symbols ("vekamorim", ...)'));
    } finally {
      warn.mockRestore();
    }
    const later = await firstPaintMany(index, null, items, { dir, psi: 0.9 });
    expect(later?.map((s) => s.seed)).toEqual(items.map((i) => i.seed));
  });

  it("is the image API's symbols, in the page's order, with only what the page shows", async () => {
    const shown = await firstPaintMany(index, null, items, { dir, psi: 0.7 });
    expect(shown).toHaveLength(3);
    for (const [i, symbol] of shown!.entries()) {
      const api = await renderSymbol(entry, items[i]!.seed, dir, 0.7);
      expect(symbol).toEqual({ seed: items[i]!.seed, modelId: entry.id, psi: 0.7, style: null, chosenStyle: null, edits: null, pathData: api.pathData });
    }
    expect(new Set(shown!.map((s) => s.pathData)).size).toBe(3);
  });

  it('is kept whole: the same request is the same drawing, another strangeness or order is another', async () => {
    const first = await firstPaintMany(index, null, items, { dir, psi: 1.2 });
    expect(await firstPaintMany(index, entry.id, items, { dir, psi: 1.2 })).toBe(first);
    const tamer = await firstPaintMany(index, null, items, { dir, psi: 0.3 });
    expect(tamer).not.toBe(first);
    expect(tamer!.map((s) => s.psi)).toEqual([0.3, 0.3, 0.3]);
    const reversed = await firstPaintMany(index, null, [...items].reverse(), { dir, psi: 1.2 });
    expect(reversed!.map((s) => s.seed)).toEqual(items.map((i) => i.seed).reverse());
  });

  it('bounds the drawings underway: past the bound a new one is left to the browser at once, a kept one still waits', async () => {
    expect(MAX_DRAWINGS_UNDERWAY).toBe(2);
    const page = (n: number) => [{ seed: `page ${n} first`, style: null }, { seed: `page ${n} second`, style: null }];
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      // Two new drawings start (nothing is drawn synchronously), so a third new one finds the bound reached.
      const first = firstPaintMany(index, null, page(1), { dir });
      const second = firstPaintMany(index, null, page(2), { dir });
      expect(await firstPaintMany(index, null, page(3), { dir })).toBeNull();
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('2 drawings underway already'));
      // Asking again for one underway waits for it, bound or not.
      const again = firstPaintMany(index, null, page(1), { dir });
      expect((await first)?.map((s) => s.seed)).toEqual(['page 1 first', 'page 1 second']);
      expect(await again).toBe(await first);
      expect(await second).not.toBeNull();
      // Done, they free their places.
      expect((await firstPaintMany(index, null, page(3), { dir }))?.map((s) => s.seed)).toEqual(['page 3 first', 'page 3 second']);
    } finally {
      warn.mockRestore();
    }
  });

  it('leaves the symbols to the page when there is no model, ?m= names none, or there is nothing to draw', async () => {
    expect(await firstPaintMany(null, null, items, { dir })).toBeNull();
    expect(await firstPaintMany(index, 'no-such-model-1', items, { dir })).toBeNull();
    expect(await firstPaintMany(index, null, [], { dir })).toBeNull();
  });

  it('never throws: a model whose files do not load is logged, left to the browser, and tried again next time', async () => {
    const broken: ModelEntry = { ...entry, id: 'broken-16-20260101', sha256: '0'.repeat(64) };
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const withBroken = { ...index, models: [entry, broken] };
      expect(await firstPaintMany(withBroken, broken.id, items, { dir })).toBeNull();
      expect(await firstPaintMany(withBroken, broken.id, items, { dir })).toBeNull();
      // Each request tried (and logged) again: the failure was not kept.
      expect(error.mock.calls.filter(([message]) => String(message).includes(broken.id))).toHaveLength(2);
    } finally {
      error.mockRestore();
    }
  });
});
