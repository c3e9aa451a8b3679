/** The Node-side generator: one load per model per server, batched forward passes, cached symbols, no tensor leaks. */
import { rm } from 'node:fs/promises';

import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ModelEntry } from '@/lib/model/model-folder';
import { MAX_WAITING, ServerBusyError, SymbolServer } from '@/lib/server/generator';
import { LruCache } from '@/lib/server/lru';

import { tinyModelsDir } from './helpers/tiny-model';

let dir: string;
let entry: ModelEntry;
let server = new SymbolServer();
beforeAll(async () => {
  ({ dir, entry } = await tinyModelsDir());
});
afterAll(async () => {
  server.dispose();
  await rm(dir, { recursive: true, force: true });
});

/** A fresh server: no model loaded, no symbol kept. */
function restart(): void {
  server.dispose();
  server = new SymbolServer();
}

describe('server generator', () => {
  it('loads each model once per server (the routes share one), on wasm (CPU as the fallback)', async () => {
    const [a, b] = await Promise.all([server.generator(entry, dir), server.generator(entry, dir)]);
    expect(a).toBe(b);
    expect(await server.generator(entry, dir)).toBe(a);
    expect(['wasm', 'cpu']).toContain(a.backend);
  });

  it('renders concurrent requests in shared forward passes, with the same symbols as one at a time', async () => {
    const seeds = Array.from({ length: 24 }, (_, i) => `batch seed ${i}`);
    const gen = await server.generator(entry, dir);
    const generate = gen.generate;
    let passes = 0;
    gen.generate = (latents) => {
      passes++;
      return generate.call(gen, latents);
    };
    let together;
    try {
      together = await Promise.all(seeds.map((s) => server.render(entry, s, dir)));
    } finally {
      gen.generate = generate;
    }
    expect(passes).toBeLessThanOrEqual(3); // 24 seeds, at most 16 per pass
    restart();
    for (const [i, s] of seeds.entries()) {
      const alone = await server.render(entry, s, dir);
      expect(alone.pathData).toBe(together[i]!.pathData);
      expect(alone.seed).toBe(s);
    }
  });

  it('never mixes strangeness values in one pass: each request gets its own psi', async () => {
    const [plain, truncated] = await Promise.all([server.render(entry, 'psi seed', dir), server.render(entry, 'psi seed', dir, 0.5)]);
    expect([plain.psi, truncated.psi]).toEqual([1, 0.5]);
    const gen = await server.generator(entry, dir);
    const { renderSeeds } = await import('@/lib/render/symbol');
    const [expected] = await renderSeeds(gen, ['psi seed'], { psi: 0.5 });
    expect(truncated.pathData).toBe(expected!.pathData);
  });

  it('keeps finished symbols: the same seed twice costs one generation', async () => {
    const first = server.render(entry, 'cached', dir);
    expect(server.render(entry, 'cached', dir)).toBe(first);
  });

  it('leaks no tensors over many requests', async () => {
    await server.render(entry, 'warm', dir);
    const before = tf.memory().numTensors;
    await Promise.all(Array.from({ length: 40 }, (_, i) => server.render(entry, `leak ${i}`, dir)));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses at once past MAX_WAITING waiting inputs, draws the rest, and draws a refused seed when asked again', async () => {
    await server.generator(entry, dir);
    const seeds = Array.from({ length: MAX_WAITING + 10 }, (_, i) => `crowd ${i}`);
    const answers = await Promise.allSettled(seeds.map((s) => server.render(entry, s, dir)));
    const refused = answers.flatMap((a, i) => (a.status === 'rejected' ? [[i, a.reason] as const] : []));
    expect(refused).toHaveLength(10);
    for (const [i, reason] of refused) {
      expect(reason).toBeInstanceOf(ServerBusyError);
      expect(i).toBeGreaterThanOrEqual(MAX_WAITING); // the first come are drawn, the last refused
    }
    // Refusals are not kept: once the queue has drained the same seed is drawn.
    await expect(server.render(entry, seeds.at(-1)!, dir)).resolves.toMatchObject({ seed: seeds.at(-1) });
  });

  it('forgets a failed load so a later request can succeed', async () => {
    const broken = { ...entry, sha256: '0'.repeat(64) };
    await expect(server.render(broken, 'x', dir)).rejects.toThrow(/corrupt/);
    await expect(server.render(broken, 'x', dir)).rejects.toThrow(/corrupt/);
    await expect(server.render(entry, 'x', dir)).resolves.toMatchObject({ seed: 'x' });
  });
});

describe('LruCache', () => {
  it('evicts the least recently used entry', () => {
    const lru = new LruCache<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    lru.get('a');
    lru.set('c', 3);
    expect([lru.get('a'), lru.get('b'), lru.get('c')]).toEqual([1, undefined, 3]);
    expect(lru.size).toBe(2);
  });
});
