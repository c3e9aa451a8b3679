/**
 * A resampled model end to end (index.json `resample`, seed -> latent v2), on the development fixture
 * tests/fixtures/models/cond-dev-32-k4 (cond-dev-32's generator with a critic, K = 4, written by training's export):
 * the critic replays its golden.json through the site's runtime on CPU and wasm, loads checked against its own hash
 * and leaks nothing; K = 1 draws exactly what plain generation draws; each seed resolves to one chosen candidate,
 * the same in any batch, on the server and through the generator's worker; the strangeness, a chosen style and the
 * morph apply to the chosen latent; models without `resample` still draw with v1 and never call a critic.
 * Backends are global in TensorFlow.js, so each test loads what it uses on one backend and disposes it.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import { GeneratorClient } from '@/lib/browser/generator-client';
import { base64Bytes } from '@/lib/packed-bytes';
import type { BackendName } from '@/lib/model/backend';
import { load, ModelIntegrityError, type LoadProgress, type ModelSource, type SymbolGenerator } from '@/lib/model/generator';
import { criticGoldenSchema, type ModelEntry } from '@/lib/model/model-folder';
import { resolveModel } from '@/lib/model/model-index';
import { MorphLeg } from '@/lib/morph/leg';
import { unpackMask } from '@/lib/nearest/packed-mask';
import { seedLatents } from '@/lib/render/seed-latents';
import { renderSeeds, symbolFromField, symbolSvg, type SeedOptions } from '@/lib/render/symbol';
import { truncate } from '@/lib/seeds/latent';
import { resampleDraws } from '@/lib/seeds/resample';
import { seedToLatent } from '@/lib/seeds/seed';
import { styleIndexForSeed, styleOneHot } from '@/lib/seeds/style';
import { SymbolServer } from '@/lib/server/generator';
import { symbolImageResponse } from '@/lib/server/image-api';
import { fileModelSource, modelsDir, readModelIndex } from '@/lib/server/model-files';

import { FIXTURE_MODELS_DIR } from './helpers/fixture-models';
import { fixtureHostDeps, loopbackWorkers } from './helpers/worker-loopback';

const SEEDS = ['courage', 'a sigil for courage', 'luna', 'Ωmega', '🔥 fire', 'x', 'vorakelith', 'seal of the moon'];

let resampled: ModelEntry & { resample: NonNullable<ModelEntry['resample']> };
let plain: ModelEntry;
beforeAll(async () => {
  const index = await readModelIndex(FIXTURE_MODELS_DIR);
  if (!index) throw new Error(`No index.json in ${FIXTURE_MODELS_DIR}.`);
  const found = resolveModel(index, 'cond-dev-32-k4');
  if (!found.ok || !found.model.resample) throw new Error('tests/fixtures/models has no cond-dev-32-k4 with a critic.');
  resampled = { ...found.model, resample: found.model.resample };
  const old = resolveModel(index, 'cond-dev-32');
  if (!old.ok) throw new Error(old.error);
  plain = old.model;
});

const open: SymbolGenerator[] = [];
afterEach(() => open.splice(0).forEach((g) => g.dispose()));

async function loaded(model: ModelEntry, backend: BackendName = 'cpu', source: ModelSource = fileModelSource(FIXTURE_MODELS_DIR)): Promise<SymbolGenerator> {
  const generator = await load({ model, source, backends: [backend] });
  open.push(generator);
  return generator;
}

/** Counts a generator's forward passes (rows each) and critic passes. */
function counting(generator: SymbolGenerator) {
  const passes: number[] = [];
  let critiques = 0;
  const spy: SymbolGenerator = {
    ...generator,
    generate: (latents, styles) => (passes.push(latents.length), generator.generate(latents, styles)),
    critique: (masks) => (critiques++, generator.critique(masks)),
  };
  return { spy, passes, critiques: () => critiques };
}

describe('the critic', () => {
  it.each(['cpu', 'wasm'] as const)("replays critic/golden.json through the site's runtime on %s within atol, leaking nothing (every shipped critic and the fixture's)", async (backend) => {
    const shipped = ((await readModelIndex(modelsDir()))?.models ?? []).filter((m) => m.resample).map((model) => ({ dir: modelsDir(), model }));
    for (const { dir, model } of [...shipped, { dir: FIXTURE_MODELS_DIR, model: resampled }]) {
      const golden = criticGoldenSchema.parse(JSON.parse(await readFile(path.join(dir, model.id, 'critic', 'golden.json'), 'utf8')));
      expect(golden.resolution, model.id).toBe(model.resolution);
      const generator = await loaded(model, backend, fileModelSource(dir));
      expect(generator.backend).toBe(backend);
      const masks = golden.inputs.map((b64) => unpackMask(base64Bytes(b64), golden.resolution));
      const before = tf.memory().numTensors;
      const logits = await generator.critique(masks);
      expect(tf.memory().numTensors).toBe(before);
      expect(logits).toHaveLength(golden.outputs.length);
      logits.forEach((logit, i) => expect(Math.abs(logit - golden.outputs[i]![0]!), `${model.id} logit ${i}`).toBeLessThanOrEqual(golden.atol));
    }
  });

  it('loads with the generator, reporting its bytes in the download, and is freed with it', async () => {
    const before = tf.memory().numTensors;
    const progress: LoadProgress[] = [];
    const generator = await load({ model: resampled, source: fileModelSource(FIXTURE_MODELS_DIR), backends: ['cpu'], onProgress: (p) => progress.push(p) });
    const total = resampled.bytes + resampled.resample.bytes;
    expect(progress.every((p) => p.total === total)).toBe(true);
    expect(progress.filter((p) => p.phase === 'download').at(-1)?.loaded).toBe(total);
    await renderSeeds(generator, ['warm']);
    const drawing = tf.memory().numTensors;
    await renderSeeds(generator, SEEDS, { psi: 0.7 });
    expect(tf.memory().numTensors).toBe(drawing);
    generator.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses critic files that do not match index.json, and a critique from a model without a critic', async () => {
    const shard = new Uint8Array(await readFile(path.join(FIXTURE_MODELS_DIR, resampled.id, 'critic', 'group1-shard1of1.bin')));
    shard[10] = shard[10]! ^ 0xff;
    const disk = fileModelSource(FIXTURE_MODELS_DIR);
    const corrupt: ModelSource = { read: (id, file, options) => (file === 'critic/group1-shard1of1.bin' ? Promise.resolve(shard) : disk.read(id, file, options)) };
    await expect(load({ model: resampled, source: corrupt, backends: ['cpu'] })).rejects.toThrow(ModelIntegrityError);
    const generator = await loaded(plain);
    await expect(generator.critique([new Uint8Array(32 * 32)])).rejects.toThrow('The model "cond-dev-32" has no critic: its seeds are not resampled.');
  });
});

describe('seed -> latent v2 on the fixture', () => {
  it('K = 1 draws exactly what plain generation draws, at any strangeness and style', async () => {
    const one = await loaded({ ...resampled, resample: { ...resampled.resample, k: 1 } });
    const unresampled = await loaded({ ...resampled, resample: undefined });
    for (const options of [{}, { psi: 0.6 }, { style: 'rune' }]) {
      const a = await renderSeeds(one, SEEDS, options);
      const b = await renderSeeds(unresampled, SEEDS, options);
      expect(a.map((s) => s.pathData)).toEqual(b.map((s) => s.pathData));
      a.forEach((s, i) => expect(s.mask).toEqual(b[i]!.mask));
    }
  });

  it('chooses one of the seed’s candidates, the same in any batch, and not always the first', async () => {
    const generator = await loaded(resampled);
    const together = await seedLatents(generator, SEEDS);
    const alone = await Promise.all(SEEDS.map(async (seed) => (await seedLatents(generator, [seed]))[0]!));
    const again = await seedLatents(generator, [...SEEDS].reverse());
    const chosen = SEEDS.map((seed, i) => {
      expect(alone[i]).toEqual(together[i]);
      expect(again[SEEDS.length - 1 - i]).toEqual(together[i]);
      const { candidates } = resampleDraws(seed, resampled.latentSize, resampled.resample.k);
      const k = candidates.findIndex((z) => z.every((v, j) => v === together[i]!.latent[j]));
      expect(k, seed).toBeGreaterThanOrEqual(0);
      return k;
    });
    expect(chosen.some((k) => k > 0)).toBe(true);
  });

  it('draws the chosen candidate in one pass when it is the symbol asked for, and truncates, moves and restyles its latent otherwise', async () => {
    const generator = await loaded(resampled);
    const [base] = await seedLatents(generator, ['courage']);
    const own = counting(generator);
    const [symbol] = await renderSeeds(own.spy, ['courage']);
    expect(own.passes).toEqual([resampled.resample.k]);
    expect(own.critiques()).toBe(1);
    expect(symbol!.mask).toEqual(base!.mask);

    const seen: { latents: readonly Float32Array[]; styles?: readonly Float32Array[] }[] = [];
    const styled = { ...generator, generate: (latents: readonly Float32Array[], styles?: readonly Float32Array[]) => (seen.push({ latents, styles }), generator.generate(latents, styles)) };
    const [rune] = await renderSeeds(styled, ['courage'], { psi: 0.5, style: 'rune' });
    const count = resampled.styles!.length;
    // The candidates in the seed's own style, then the chosen one truncated, in the style asked for.
    expect(seen[0]!.styles![0]).toEqual(styleOneHot(styleIndexForSeed('courage', count), count));
    expect(seen[1]!.latents).toEqual([truncate(base!.latent, 0.5)]);
    expect(seen[1]!.styles).toEqual([styleOneHot(2, count)]);
    const [field] = await generator.generate([truncate(base!.latent, 0.5)], [styleOneHot(2, count)]);
    expect(rune!.pathData).toBe(symbolFromField(field!, resampled.resolution).pathData);
  });

  it("a morph runs between the two seeds' chosen symbols, its frames slerps between them", async () => {
    const generator = await loaded(resampled);
    const leg = new MorphLeg('courage', 'luna', 1, resampled, 4);
    await leg.fill(generator, { batch: 4 });
    const [a, b] = await renderSeeds(generator, ['courage', 'luna']);
    expect(leg.paths[0]).toBe(a!.pathData);
    expect(leg.paths[3]).toBe(b!.pathData);
  });

  it('leaves a model without resample on v1: the seed’s own latent, one pass, no critic', async () => {
    const generator = await loaded(plain);
    const { spy, passes, critiques } = counting(generator);
    const [symbol] = await renderSeeds(spy, ['courage']);
    expect(passes).toEqual([1]);
    expect(critiques()).toBe(0);
    const count = plain.styles!.length;
    const [field] = await generator.generate([seedToLatent('courage', plain.latentSize)], [styleOneHot(styleIndexForSeed('courage', count), count)]);
    expect(symbol!.pathData).toBe(symbolFromField(field!, plain.resolution).pathData);
    // The masks the site drew for these seeds before resampling existed (renderSeeds at ab3d4b1, CPU).
    const pins: [SeedOptions, string][] = [
      [{}, '3be95cac4a39ce98b0af78449475e25441c5fc7ef01c408a0929dd08077c0389'],
      [{ psi: 0.6, style: 'rune' }, '94c14fb19732de45d137f9e5b5ab36a24dcaf760eb3ebaa5372f2c29ced2a05c'],
    ];
    for (const [options, sha] of pins) {
      const hash = createHash('sha256');
      for (const s of await renderSeeds(generator, ['courage', 'luna', 'a sigil for courage'], options)) hash.update(s.mask);
      expect(hash.digest('hex'), JSON.stringify(options)).toBe(sha);
    }
  });
});

describe('the server and the browser resample alike', () => {
  it('the server (wasm), resolving seeds in shared passes once, draws what the worker draws on wasm', async () => {
    const server = new SymbolServer();
    try {
      const generator = await server.generator(resampled, FIXTURE_MODELS_DIR);
      expect(generator.backend).toBe('wasm');
      const { generate } = generator;
      const passes: number[] = [];
      generator.generate = (latents, styles) => (passes.push(latents.length), generate.call(generator, latents, styles));
      const drawn = await Promise.all(SEEDS.map((seed) => server.render(resampled, seed, FIXTURE_MODELS_DIR)));
      // 8 seeds of 4 candidates, 4 seeds a pass; each symbol is its chosen candidate, with no second pass.
      expect(passes).toEqual([16, 16]);
      await server.render(resampled, 'courage', FIXTURE_MODELS_DIR, 0.5);
      expect(passes).toEqual([16, 16, 1]);
      generator.generate = generate;

      const client = new GeneratorClient(loopbackWorkers(() => fixtureHostDeps({ load: (model, _b, onProgress) => load({ model, source: fileModelSource(FIXTURE_MODELS_DIR), backends: ['wasm'], onProgress }) })).start);
      const remote = await client.load(resampled);
      try {
        expect(remote.backend).toBe('wasm');
        const browser = await renderSeeds(remote, SEEDS);
        expect(browser.map((s) => s.pathData)).toEqual(drawn.map((s) => s.pathData));
        browser.forEach((s, i) => expect(s.mask).toEqual(drawn[i]!.mask));
        const [half] = await renderSeeds(remote, ['courage'], { psi: 0.5 });
        expect(half!.pathData).toBe((await server.render(resampled, 'courage', FIXTURE_MODELS_DIR, 0.5)).pathData);
      } finally {
        remote.dispose();
      }
    } finally {
      server.dispose();
    }
  });

  it("the image API's SVG of a seed under a resampled model is its chosen symbol", async () => {
    const server = new SymbolServer();
    try {
      const drawn = await server.render(resampled, 'a sigil for courage', FIXTURE_MODELS_DIR);
      const url = `http://localhost/api/symbol/a%20sigil%20for%20courage.svg?m=${resampled.id}`;
      const res = await symbolImageResponse(new Request(url), 'a sigil for courage.svg', { dir: FIXTURE_MODELS_DIR });
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(symbolSvg(drawn));
    } finally {
      server.dispose();
    }
  });

  it('the worker on CPU chooses what the generator on CPU chooses, and wasm chooses alike for these seeds', async () => {
    const cpu = await loaded(resampled, 'cpu');
    const direct = await renderSeeds(cpu, SEEDS);
    const cpuLatents = (await seedLatents(cpu, SEEDS)).map((s) => s.latent);
    open.splice(0).forEach((g) => g.dispose());
    const client = new GeneratorClient(loopbackWorkers().start);
    const remote = await client.load(resampled);
    try {
      expect(remote.backend).toBe('cpu');
      expect((await renderSeeds(remote, SEEDS)).map((s) => s.pathData)).toEqual(direct.map((s) => s.pathData));
    } finally {
      remote.dispose();
    }
    // Backends may differ in a logit's last bits, so a seed whose u lies that close to a boundary could choose
    // otherwise (lib/seeds/resample); none of these does.
    const wasm = await loaded(resampled, 'wasm');
    expect((await seedLatents(wasm, SEEDS)).map((s) => s.latent)).toEqual(cpuLatents);
  });
});
