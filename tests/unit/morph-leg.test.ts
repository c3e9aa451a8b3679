import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';

import { load, type ModelSource, type SymbolGenerator } from '@/lib/model/generator';
import { MorphLeg } from '@/lib/morph/leg';
import { renderSeeds } from '@/lib/render/symbol';

import { tinyModelFolder } from './helpers/tiny-model';

let gen: SymbolGenerator;
beforeAll(async () => {
  const folder = await tinyModelFolder();
  const source: ModelSource = { read: async (_id, file) => folder.files[file]!.slice() };
  gen = await load({ model: folder.entry, source, backends: ['cpu'] });
});

describe('MorphLeg', () => {
  it("draws one frame first, then the rest in batches; the ends are the two seeds' symbols", async () => {
    const leg = new MorphLeg('alpha', 'beta', 1, gen.model, 20);
    await leg.fill(gen, { batch: 8 });
    expect(leg.complete).toBe(true);
    expect(leg.stats.passFrames).toEqual([1, 8, 8, 3]);
    expect(leg.stats.passes).toBe(4);
    const [a, b] = await renderSeeds(gen, ['alpha', 'beta']);
    expect(leg.paths[0]).toBe(a!.pathData);
    expect(leg.paths[19]).toBe(b!.pathData);
  });

  it('with truncation, the ends are the seed pages’ truncated symbols', async () => {
    const leg = new MorphLeg('alpha', 'beta', 0.6, gen.model, 6);
    await leg.fill(gen, { batch: 6, firstBatch: 6 });
    const [a, b] = await renderSeeds(gen, ['alpha', 'beta'], { psi: 0.6 });
    expect([leg.paths[0], leg.paths[5]]).toEqual([a!.pathData, b!.pathData]);
  });

  it('draws the frames ahead of the playhead first', async () => {
    const leg = new MorphLeg('alpha', 'beta', 1, gen.model, 16);
    const firstBatch: number[] = [];
    await leg.fill(gen, {
      batch: 4,
      firstBatch: 4,
      playhead: () => ({ position: 10, direction: 1 }),
      onBatch: (l) => {
        if (!firstBatch.length) l.paths.forEach((p, i) => p !== null && firstBatch.push(i)); // '' is a drawn, blank frame
      },
    });
    expect(firstBatch).toEqual([10, 11, 12, 13]);
  });

  it('leaks no tensors and stops when aborted', async () => {
    const before = tf.memory().numTensors;
    await new MorphLeg('a', 'b', 1, gen.model, 32).fill(gen, { batch: 8 });
    expect(tf.memory().numTensors).toBe(before);
    const controller = new AbortController();
    const leg = new MorphLeg('c', 'd', 1, gen.model, 32);
    const run = leg.fill(gen, { batch: 4, firstBatch: 4, signal: controller.signal, onBatch: () => controller.abort() });
    await expect(run).rejects.toThrow();
    expect(leg.readyCount).toBe(4);
    expect(tf.memory().numTensors).toBe(before);
  });
});
