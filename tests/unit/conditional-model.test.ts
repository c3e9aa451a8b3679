/**
 * A conditional model (index.json `styles`) end to end, on the development model exported by the real
 * exporter (tests/fixtures/models/cond-dev-32: 32 px, 9 styles): the input layout [z | one-hot] agrees with
 * golden.json and with tfjs-layers, every caller passes the seed's style (symbols, morphs, the server), and
 * nothing leaks tensors.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { load, ModelFormatError, type SymbolGenerator } from '@/lib/model/generator';
import { inputSize, packInputs } from '@/lib/model/generator-input';
import type { Golden, ModelEntry } from '@/lib/model/model-folder';
import { buildNetwork } from '@/lib/model/network';
import { MORPH_FRAMES, legStyleIndices, morphStyle } from '@/lib/morph/frames';
import { MorphLeg } from '@/lib/morph/leg';
import { renderSeeds, symbolFromField, symbolSvg } from '@/lib/render/symbol';
import { truncate } from '@/lib/seeds/latent';
import { seedToLatent } from '@/lib/seeds/seed';
import { styleIndexForSeed, styleOneHot } from '@/lib/seeds/style';
import { SymbolServer } from '@/lib/server/generator';
import { symbolImageResponse } from '@/lib/server/image-api';
import { fileModelSource } from '@/lib/server/model-files';

import { FIXTURE_MODELS_DIR, fixtureModel, goldenInputs, maxAbsDiff, readGolden } from './helpers/fixture-models';

let model: ModelEntry;
let golden: Golden;
let gen: SymbolGenerator;
let count: number;
const server = new SymbolServer();
beforeAll(async () => {
  model = await fixtureModel();
  golden = await readGolden(model.id, FIXTURE_MODELS_DIR);
  gen = await load({ model, source: fileModelSource(FIXTURE_MODELS_DIR), backends: ['cpu'] });
  count = model.styles!.length;
});
afterAll(() => {
  gen.dispose();
  server.dispose();
});

/** The fixture's model.json and weights as tfjs-core wants them. */
async function fixtureArtifacts(): Promise<{ topology: object; specs: tf.io.WeightsManifestEntry[]; data: ArrayBuffer }> {
  const dir = path.join(FIXTURE_MODELS_DIR, model.id);
  const json = JSON.parse(await readFile(path.join(dir, 'model.json'), 'utf8'));
  const files: string[] = json.weightsManifest.flatMap((g: { paths: string[] }) => g.paths);
  const shards = await Promise.all(files.map((f) => readFile(path.join(dir, f))));
  return {
    topology: json.modelTopology,
    specs: json.weightsManifest.flatMap((g: { weights: tf.io.WeightsManifestEntry[] }) => g.weights),
    data: new Uint8Array(Buffer.concat(shards)).buffer,
  };
}

/** Images [n, R*R] from a raw input batch [n, width], read back once. */
async function run(predict: (x: tf.Tensor2D) => tf.Tensor, flat: Float32Array, width: number): Promise<Float32Array[]> {
  const n = flat.length / width;
  const x = tf.tensor2d(flat, [n, width]);
  const out = tf.tidy(() => predict(x));
  const data = (await out.data()) as Float32Array;
  tf.dispose([x, out]);
  const pixels = model.resolution * model.resolution;
  return Array.from({ length: n }, (_, i) => data.slice(i * pixels, (i + 1) * pixels));
}

describe('the input layout [z (latentSize) | one-hot (styles.length)]', () => {
  it('the network takes latentSize + styles.length inputs (load warmed it up at that width: a [1, 100] pass would have thrown)', () => {
    expect(inputSize(model)).toBe(model.latentSize + count);
    expect(inputSize(model)).toBe(109);
    expect(gen.backend).toBe('cpu');
  });

  it('tf.loadLayersModel on the same files gives the same outputs as the site runtime and as golden.json', async () => {
    const { topology, specs, data } = await fixtureArtifacts();
    const reference = await tfl.loadLayersModel(tf.io.fromMemory({ modelTopology: topology, weightSpecs: specs, weightData: data }));
    const { latents, styles } = goldenInputs(golden, model);
    const theirs = await run((x) => reference.predict(x) as tf.Tensor, packInputs(model, latents, styles), inputSize(model));
    reference.dispose();
    const ours = await gen.generate(latents, styles);
    expect(maxAbsDiff(theirs, golden.outputs)).toBeLessThanOrEqual(golden.atol);
    expect(maxAbsDiff(theirs, ours)).toBeLessThan(1e-5);
  });

  it('the one-hot comes after z: changing only the style changes the output, and a one-hot put first does not reproduce golden', async () => {
    const { latents, styles } = goldenInputs(golden, model);
    const other = golden.styles!.map((s) => styleOneHot((s + 1) % count, count));
    expect(maxAbsDiff(await gen.generate(latents, other), golden.outputs)).toBeGreaterThan(100 * golden.atol);

    // The same numbers in the other order, [one-hot | z], straight into the network.
    const { topology, specs, data } = await fixtureArtifacts();
    const net = buildNetwork(topology, specs, data);
    const width = inputSize(model);
    const swapped = new Float32Array(latents.length * width);
    latents.forEach((z, i) => {
      swapped.set(styles![i]!, i * width);
      swapped.set(z, i * width + count);
    });
    const wrong = await run((x) => net.predict(x), swapped, width);
    const right = await run((x) => net.predict(x), packInputs(model, latents, styles), width);
    net.dispose();
    expect(maxAbsDiff(right, golden.outputs)).toBeLessThanOrEqual(golden.atol);
    expect(maxAbsDiff(wrong, golden.outputs)).toBeGreaterThan(100 * golden.atol);
  });

  it('a conditional model needs a style vector per latent, and index.json must agree with model.json on the width', async () => {
    const z = seedToLatent('courage', model.latentSize);
    await expect(gen.generate([z])).rejects.toThrow(/conditional \(9 styles\)/);
    // index.json without `styles` for a model.json that takes them: a format error, not a backend failure.
    const unconditional = { ...model, styles: undefined };
    await expect(load({ model: unconditional, source: fileModelSource(FIXTURE_MODELS_DIR), backends: ['cpu'] })).rejects.toThrow(ModelFormatError);
    await expect(load({ model: unconditional, source: fileModelSource(FIXTURE_MODELS_DIR), backends: ['cpu'] })).rejects.toThrow(
      /takes 109 inputs; index.json says latentSize 100 and no styles/,
    );
  });
});

describe('symbols of a conditional model', () => {
  it("draws a seed in its own style: z is the seed's latent, the style is the one-hot of styleIndexForSeed", async () => {
    const seeds = ['courage', 'y', 'a sigil for courage'];
    const calls: { latents: readonly Float32Array[]; styles?: readonly Float32Array[] }[] = [];
    const spy: SymbolGenerator = { ...gen, generate: (latents, styles) => (calls.push({ latents, styles }), gen.generate(latents, styles)) };
    const symbols = await renderSeeds(spy, seeds);
    expect(calls).toHaveLength(1);
    seeds.forEach((seed, i) => {
      expect(calls[0]!.latents[i]).toEqual(seedToLatent(seed, model.latentSize));
      expect(calls[0]!.styles![i]).toEqual(styleOneHot(styleIndexForSeed(seed, count), count));
    });
    // These seeds fall in different styles, so the test really covers more than one.
    expect(new Set(seeds.map((s) => styleIndexForSeed(s, count))).size).toBe(3);

    const fields = await gen.generate(
      seeds.map((s) => seedToLatent(s, model.latentSize)),
      seeds.map((s) => styleOneHot(styleIndexForSeed(s, count), count)),
    );
    symbols.forEach((symbol, i) => expect(symbol.pathData).toBe(symbolFromField(fields[i]!, model.resolution).pathData));
    // Deterministic: the same seeds give the same symbols, alone or in a batch.
    expect((await renderSeeds(gen, [seeds[1]!]))[0]!.pathData).toBe(symbols[1]!.pathData);
    expect((await renderSeeds(gen, seeds)).map((s) => s.pathData)).toEqual(symbols.map((s) => s.pathData));
  });

  it('truncation scales z only: the style stays a one-hot', async () => {
    let seen: readonly Float32Array[] | undefined;
    const spy: SymbolGenerator = { ...gen, generate: (latents, styles) => ((seen = styles), gen.generate(latents, styles)) };
    const [symbol] = await renderSeeds(spy, ['courage'], { psi: 0.5 });
    expect(seen![0]).toEqual(styleOneHot(styleIndexForSeed('courage', count), count));
    const [field] = await gen.generate([truncate(seedToLatent('courage', model.latentSize), 0.5)], [seen![0]!]);
    expect(symbol!.pathData).toBe(symbolFromField(field!, model.resolution).pathData);
  });

  it('the server draws the symbol the browser draws (same lib code, wasm or CPU)', async () => {
    const [browser] = await renderSeeds(gen, ['courage']);
    const drawn = await server.render(model, 'courage', FIXTURE_MODELS_DIR);
    expect(drawn.pathData).toBe(browser!.pathData);
  });

  it("the image API's SVG is the seed's styled symbol", async () => {
    const [browser] = await renderSeeds(gen, ['a sigil for courage']);
    const res = await symbolImageResponse(new Request('http://localhost/api/symbol/a%20sigil%20for%20courage.svg'), 'a sigil for courage.svg', {
      dir: FIXTURE_MODELS_DIR,
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(symbolSvg({ ...browser!, modelId: model.id }));
  });

  it('leaks no tensors while drawing symbols and morphs', async () => {
    await renderSeeds(gen, ['warm']);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) await renderSeeds(gen, [`leak ${i}`, `leak ${i + 1}`]);
    await new MorphLeg('alpha', 'gamma', 1, model, 8).fill(gen, { batch: 4 });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('morphs under a conditional model', () => {
  // 'courage' is drawn in style 1, 'x' in style 2: a morph between two styles.
  const [a, b] = ['courage', 'x'];

  it("blends the two seeds' one-hots linearly: exactly A's at t = 0 and B's at t = 1", () => {
    const ends = legStyleIndices(a, b, model);
    expect(ends).toEqual([styleIndexForSeed(a, 9), styleIndexForSeed(b, 9)]);
    const [sa, sb] = ends.map((i) => styleOneHot(i, 9)) as [Float32Array, Float32Array];
    expect(sa).not.toEqual(sb);
    expect(morphStyle(sa, sb, 0)).toEqual(sa);
    expect(morphStyle(sa, sb, MORPH_FRAMES - 1)).toEqual(sb);
    const middle = morphStyle(sa, sb, 2, 5);
    expect(middle[styleIndexForSeed(a, 9)]).toBeCloseTo(0.5, 6);
    expect(middle[styleIndexForSeed(b, 9)]).toBeCloseTo(0.5, 6);
    expect(middle.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 6);
  });

  it("a leg's end frames are the two seed pages' symbols, with z by slerp and the style blended between", async () => {
    const leg = new MorphLeg(a, b, 1, model, 6);
    expect(leg.styles).toEqual(legStyleIndices(a, b, model).map((i) => styleOneHot(i, count)));
    const calls: (readonly Float32Array[] | undefined)[] = [];
    const spy: SymbolGenerator = { ...gen, generate: (latents, styles) => (calls.push(styles), gen.generate(latents, styles)) };
    await leg.fill(spy, { batch: 6, firstBatch: 6 });
    const [symbolA, symbolB] = await renderSeeds(gen, [a, b]);
    expect([leg.paths[0], leg.paths[5]]).toEqual([symbolA!.pathData, symbolB!.pathData]);
    // Frames 0..5 in playback order; each frame's style is the blend at its t.
    const styles = calls[0]!;
    expect(styles[0]).toEqual(leg.styles![0]);
    expect(styles[5]).toEqual(leg.styles![1]);
    expect(styles[2]![styleIndexForSeed(a, count)]).toBeCloseTo(0.6, 6);
  });

  it('an unconditional model has no leg styles', async () => {
    expect(new MorphLeg(a, b, 1, { id: 'plain-16-20260101', latentSize: 8 }, 6).styles).toBeNull();
  });
});
