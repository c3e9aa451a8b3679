import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';

import { ModelIntegrityError, load, type ByteCache, type ModelSource } from '@/lib/model/generator';
import { renderSeeds } from '@/lib/render/symbol';
import { seedToLatent } from '@/lib/seeds/seed';

import { tinyModelFolder, type TinyModelFolder } from './helpers/tiny-model';

let folder: TinyModelFolder;
beforeAll(async () => {
  folder = await tinyModelFolder();
});

function memorySource(files: Record<string, Uint8Array>): ModelSource & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    async read(_id, file, options) {
      reads.push(file);
      const bytes = files[file];
      if (!bytes) throw new Error(`404 ${file}`);
      options?.onBytes?.(bytes.length);
      return bytes.slice();
    },
  };
}

function memoryCache(): ByteCache & { map: Map<string, Uint8Array> } {
  const map = new Map<string, Uint8Array>();
  return {
    map,
    get: async (k) => map.get(k) ?? null,
    put: async (k, v) => void map.set(k, v),
    delete: async (k) => void map.delete(k),
  };
}

describe('generator.load', () => {
  it('loads on the CPU backend, warms up and reports progress up to the full size', async () => {
    const progress: number[] = [];
    const gen = await load({
      model: folder.entry,
      source: memorySource(folder.files),
      backends: ['cpu'],
      onProgress: (p) => p.phase === 'download' && progress.push(p.loaded),
    });
    expect(gen.backend).toBe('cpu');
    expect(progress.at(-1)).toBe(folder.entry.bytes);
    gen.dispose();
  });

  it('falls back past backends that cannot start in Node (webgl -> wasm/cpu)', async () => {
    const gen = await load({ model: folder.entry, source: memorySource(folder.files), backends: ['webgl', 'cpu'] });
    expect(gen.backend).toBe('cpu');
    gen.dispose();
  });

  it('rejects files whose sha256 differs from index.json', async () => {
    const shard = folder.files['group1-shard1of1.bin']!.slice();
    shard[0] = shard[0]! ^ 0xff;
    await expect(
      load({ model: folder.entry, source: memorySource({ ...folder.files, 'group1-shard1of1.bin': shard }), backends: ['cpu'] }),
    ).rejects.toBeInstanceOf(ModelIntegrityError);
  });

  it('caches verified bytes so a second load reads no file, and drops a corrupt cache', async () => {
    const cache = memoryCache();
    const first = memorySource(folder.files);
    (await load({ model: folder.entry, source: first, cache, backends: ['cpu'] })).dispose();
    expect(first.reads).toEqual(['model.json', 'group1-shard1of1.bin']);
    expect(cache.map.size).toBe(2);

    const second = memorySource(folder.files);
    const gen = await load({ model: folder.entry, source: second, cache, backends: ['cpu'] });
    expect(second.reads).toEqual([]);
    expect(gen.fromCache).toBe(true);
    gen.dispose();

    for (const [k, v] of cache.map) cache.map.set(k, v.map((b) => b ^ 1));
    const third = memorySource(folder.files);
    (await load({ model: folder.entry, source: third, cache, backends: ['cpu'] })).dispose();
    expect(third.reads).toEqual(['model.json', 'group1-shard1of1.bin']);
  });
});

describe('generate', () => {
  it('returns one resolution^2 image per latent, in [-1, 1], deterministic for a seed', async () => {
    const gen = await load({ model: folder.entry, source: memorySource(folder.files), backends: ['cpu'] });
    const z = seedToLatent('courage', folder.entry.latentSize);
    const [a, b, c] = await gen.generate([z, seedToLatent('other', folder.entry.latentSize), z]);
    expect(a).toHaveLength(16 * 16);
    expect(a!.every((v) => v >= -1 && v <= 1)).toBe(true);
    expect(c).toEqual(a);
    expect(b).not.toEqual(a);
    const [single] = await gen.generate([z]);
    // A batch of one gives the same image as the same latent inside a batch of three.
    expect(Math.max(...single!.map((v, i) => Math.abs(v - a![i]!)))).toBeLessThan(1e-5);
    await expect(gen.generate([new Float32Array(3)])).rejects.toThrow(/needs 8/);
    gen.dispose();
  });

  it('leaks no tensors: numTensors is unchanged after generating', async () => {
    const gen = await load({ model: folder.entry, source: memorySource(folder.files), backends: ['cpu'] });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) await renderSeeds(gen, [`seed ${i}`, `seed ${i + 1}`]);
    expect(tf.memory().numTensors).toBe(before);
    gen.dispose();
    expect(tf.memory().numTensors).toBeLessThan(before);
  });

  it('runs the denoiser after the generator when the model ships one, and its bytes are hashed and cached', async () => {
    const withDenoiser = await tinyModelFolder('tiny-16-20260102', 8, 16, { denoiser: true });
    const source = memorySource(withDenoiser.files);
    const cache = memoryCache();
    const gen = await load({ model: withDenoiser.entry, source, cache, backends: ['cpu'] });
    expect(source.reads).toEqual(['model.json', 'group1-shard1of1.bin', 'denoiser/model.json', 'denoiser/group1-shard1of1.bin']);
    expect([...cache.map.keys()].some((k) => k.startsWith('tiny-16-20260102/denoiser/model.json'))).toBe(true);
    const z = seedToLatent('courage', 8);
    const [denoised] = await gen.generate([z]);
    gen.dispose();

    // The same generator without its denoiser draws something else: the denoiser really ran.
    const plainEntry = { ...withDenoiser.entry, denoiser: undefined };
    const plainFiles = { 'model.json': withDenoiser.files['model.json']!, 'group1-shard1of1.bin': withDenoiser.files['group1-shard1of1.bin']! };
    const { createHash } = await import('node:crypto');
    plainEntry.sha256 = createHash('sha256').update(plainFiles['model.json']).update(plainFiles['group1-shard1of1.bin']).digest('hex');
    plainEntry.bytes = plainFiles['model.json'].length + plainFiles['group1-shard1of1.bin'].length;
    const plain = await load({ model: plainEntry, source: memorySource(plainFiles), backends: ['cpu'] });
    const [raw] = await plain.generate([z]);
    plain.dispose();
    expect(denoised).toHaveLength(16 * 16);
    expect(Math.max(...denoised!.map((v, i) => Math.abs(v - raw![i]!)))).toBeGreaterThan(0.01);

    // A flipped byte in the denoiser's weights fails the model's hash.
    const broken = { ...withDenoiser.files, 'denoiser/group1-shard1of1.bin': withDenoiser.files['denoiser/group1-shard1of1.bin']!.map((b, i) => (i === 0 ? b ^ 1 : b)) };
    await expect(load({ model: withDenoiser.entry, source: memorySource(broken), backends: ['cpu'] })).rejects.toThrow(ModelIntegrityError);
  });
});
