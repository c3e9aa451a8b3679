/**
 * Draw to find's search (lib/draw/projection, lib/draw/projector) on the CPU backend: the refinement lowers the loss
 * through a tiny generator and leaks no tensor; every shipped encoder and the fixture model's (written by `python3 -m training encoder`)
 * replays its golden.json through the site's runtime; the projector checks every file against index.json, refines
 * the encoder's likeliest styles and hands back latents a link keeps exactly.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';

import { loadProjector, NoEncoderError } from '@/lib/draw/projector';
import { candidatesOf, refine, REFINE_DEFAULTS, score, type Generate } from '@/lib/draw/projection';
import { quantizeLatent } from '@/lib/latent/codec';
import { ModelIntegrityError, type ModelSource } from '@/lib/model/generator';
import type { ModelEntry } from '@/lib/model/model-folder';
import { buildNetwork } from '@/lib/model/network';
import { unpackMask } from '@/lib/nearest/packed-mask';

import { readModelIndex } from '@/lib/server/model-files';

import { fixtureModel, FIXTURE_MODELS_DIR } from './helpers/fixture-models';
import { tinyModelFolder, type TinyModelFolder } from './helpers/tiny-model';

const SHIPPED_MODELS_DIR = path.join(process.cwd(), 'public', 'models');

let tiny: TinyModelFolder;
let fixture: ModelEntry;
beforeAll(async () => {
  await tf.setBackend('cpu');
  tiny = await tinyModelFolder('tiny-16-20260101', 8, 16);
  fixture = await fixtureModel();
});

function network(files: Record<string, Uint8Array>, prefix = '') {
  const json = JSON.parse(new TextDecoder().decode(files[`${prefix}model.json`]));
  return buildNetwork(json.modelTopology, json.weightsManifest[0].weights, files[`${prefix}group1-shard1of1.bin`]!.slice().buffer);
}

function diskSource(overrides: Record<string, Uint8Array> = {}): ModelSource & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    async read(id, file, options) {
      reads.push(file);
      const bytes = overrides[file] ?? new Uint8Array(await readFile(path.join(FIXTURE_MODELS_DIR, id, file)));
      options?.onBytes?.(bytes.length);
      return bytes;
    },
  };
}

describe('refine', () => {
  it('lowers the image loss towards a symbol the generator drew, and releases every tensor', async () => {
    const net = network(tiny.files);
    const generate: Generate = (input) => net.predict(input);
    const z = (seed: number) => Float32Array.from({ length: 8 }, (_, i) => Math.sin(seed * 7.1 + i * 1.3) * 1.5);
    const target = tf.tidy(() => tf.sign(generate(tf.tensor2d(z(1), [1, 8])))).dataSync() as Float32Array;
    const before = tf.memory().numTensors;
    const steps: number[] = [];
    const { latents, history } = await refine(generate, target, 16, [{ latent: z(2), style: null }], 0, { ...REFINE_DEFAULTS, steps: 30, learningRate: 0.1 }, (done) => steps.push(done));
    expect(tf.memory().numTensors).toBe(before);
    expect(steps).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(history).toHaveLength(31);
    expect(history.at(-1)!).toBeLessThan(history[0]! * 0.8);
    const [scored] = await score(generate, target, 16, [{ latent: latents[0]!, style: null }], 0);
    const [start] = await score(generate, target, 16, [{ latent: z(2), style: null }], 0);
    expect(scored!.loss).toBeLessThan(start!.loss);
    expect(tf.memory().numTensors).toBe(before);
    net.dispose();
  });

  it("starts from the encoder's guess in its likeliest styles, likeliest first", () => {
    const latent = new Float32Array([1, 2]);
    const picked = candidatesOf({ latent, styleProbabilities: new Float32Array([0.1, 0.5, 0.05, 0.35]) }, 3);
    expect(picked.map((c) => c.style)).toEqual([1, 3, 0]);
    expect(picked.every((c) => c.latent.join() === '1,2' && c.latent !== latent)).toBe(true);
    expect(candidatesOf({ latent, styleProbabilities: new Float32Array(0) }, 3)).toEqual([{ latent, style: null }]);
  });
});

/** Every shipped model that has an encoder, and the fixture model's. */
async function foldersWithEncoders(): Promise<{ dir: string; model: ModelEntry }[]> {
  const shipped = (await readModelIndex(SHIPPED_MODELS_DIR))?.models ?? [];
  return [...shipped.filter((m) => m.encoder).map((model) => ({ dir: SHIPPED_MODELS_DIR, model })), { dir: FIXTURE_MODELS_DIR, model: fixture }];
}

describe('encoders', () => {
  it("replay their golden.json through the site's runtime (every shipped one and the fixture's)", async () => {
    for (const { dir: models, model } of await foldersWithEncoders()) {
      const dir = path.join(models, model.id, 'encoder');
      const golden = JSON.parse(await readFile(path.join(dir, 'golden.json'), 'utf8')) as { inputs: string[]; outputs: number[][]; resolution: number; atol: number };
      const files = Object.fromEntries(await Promise.all(['model.json', 'group1-shard1of1.bin'].map(async (f) => [f, new Uint8Array(await readFile(path.join(dir, f)))])));
      const net = network(files);
      const r = golden.resolution;
      const inputs = golden.inputs.flatMap((b64) => Array.from(unpackMask(Uint8Array.from(Buffer.from(b64, 'base64')), r), (ink) => (ink ? -1 : 1)));
      const out = tf.tidy(() => tf.reshape(net.predict(tf.tensor4d(inputs, [golden.inputs.length, r, r, 1])), [golden.inputs.length, -1]).arraySync() as number[][]);
      net.dispose();
      expect(out[0], model.id).toHaveLength(model.latentSize + (model.styles?.length ?? 0));
      let worst = 0;
      out.forEach((row, i) => row.forEach((v, k) => (worst = Math.max(worst, Math.abs(v - golden.outputs[i]![k]!)))));
      expect(worst, model.id).toBeLessThanOrEqual(golden.atol);
    }
  });
});

describe('loadProjector', () => {
  const drawing = () => Float32Array.from({ length: 32 * 32 }, (_, i) => (Math.abs((i % 32) - 16) < 2 || Math.abs(Math.floor(i / 32) - 16) < 2 ? -1 : 1));

  it('finds the closest of the likeliest styles, with latents a link keeps exactly', async () => {
    const phases = new Set<string>();
    const projector = await loadProjector({ model: fixture, source: diskSource(), backends: ['cpu'], onProgress: (p) => phases.add(p.phase) });
    expect([...phases]).toEqual(['download', 'verify', 'backend', 'warmup']);
    const before = tf.memory().numTensors;
    const found = await projector.find(drawing(), { candidates: 3, refine: { ...REFINE_DEFAULTS, steps: 3 } }, (p) => phases.add(p.phase));
    expect(tf.memory().numTensors).toBe(before);
    expect(phases.has('refine')).toBe(true);
    expect(found.results).toHaveLength(3);
    expect(new Set(found.results.map((r) => r.candidate.style)).size).toBe(3);
    const losses = found.results.map((r) => r.loss);
    expect([...losses].sort((a, b) => a - b)).toEqual(losses);
    for (const r of found.results) {
      expect(Array.from(quantizeLatent(r.candidate.latent))).toEqual(Array.from(r.candidate.latent));
      expect(r.field).toHaveLength(32 * 32);
    }
    expect(found.history).toHaveLength(4);
    // One style refined (REFINED), the runner-ups drawing its latent in their own styles: one latent among all three.
    expect(new Set(found.results.map((r) => Array.from(r.candidate.latent).join()))).toHaveProperty('size', 1);
    const both = await projector.find(drawing(), { candidates: 3, refined: 3, refine: { ...REFINE_DEFAULTS, steps: 3 } });
    expect(new Set(both.results.map((r) => Array.from(r.candidate.latent).join())).size).toBe(3);
    projector.dispose();
  });

  it('refuses encoder files that do not match index.json, and a model without an encoder', async () => {
    const shard = new Uint8Array(await readFile(path.join(FIXTURE_MODELS_DIR, fixture.id, 'encoder', 'group1-shard1of1.bin')));
    shard[100] = shard[100]! ^ 0xff;
    await expect(loadProjector({ model: fixture, source: diskSource({ 'encoder/group1-shard1of1.bin': shard }), backends: ['cpu'] })).rejects.toThrow(ModelIntegrityError);
    const older: ModelEntry = { ...fixture, encoder: undefined };
    await expect(loadProjector({ model: older, source: diskSource(), backends: ['cpu'] })).rejects.toThrow(NoEncoderError);
  });
});
