/**
 * A tiny random generator in the model-folder format (docs/model-folder.md), built with
 * tfjs-layers in memory: Dense(relu) -> Reshape -> {UpSampling2D -> Conv2D(relu)} x 2 -> Conv2D(tanh),
 * weights uint8-quantized like training/export.py writes them, optionally with a tiny denoiser beside
 * it. For tests that must not depend on the shipped model.
 */
import { createHash } from 'node:crypto';

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';

import type { ModelEntry } from '@/lib/model/model-folder';

export interface TinyModelFolder {
  entry: ModelEntry;
  files: Record<string, Uint8Array>;
}

function quantizeUint8(values: Float32Array): { bytes: Uint8Array; min: number; scale: number } {
  let lo = 0;
  let hi = 0;
  for (const v of values) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const scale = hi > lo ? (hi - lo) / 255 : 1;
  const zero = Math.round(-lo / scale);
  const min = -zero * scale;
  const bytes = Uint8Array.from(values, (v) => Math.max(0, Math.min(255, Math.round((v - min) / scale))));
  return { bytes, min, scale };
}

/** A tfjs-layers model as the model folder stores it: model.json + one uint8-quantized shard. */
async function quantizedFiles(model: tfl.Sequential, generatedBy: string): Promise<{ modelJson: Uint8Array; shard: Uint8Array }> {
  let artifacts: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  model.dispose();
  const saved = artifacts as unknown as tf.io.ModelArtifacts;
  const floats = new Float32Array(saved.weightData as ArrayBuffer);
  const weights: object[] = [];
  const shardParts: Uint8Array[] = [];
  let offset = 0;
  for (const spec of saved.weightSpecs ?? []) {
    const n = spec.shape.reduce((a, b) => a * b, 1);
    const q = quantizeUint8(floats.subarray(offset, offset + n));
    offset += n;
    weights.push({ name: spec.name, shape: spec.shape, dtype: 'float32', quantization: { dtype: 'uint8', min: q.min, scale: q.scale } });
    shardParts.push(q.bytes);
  }
  const shard = new Uint8Array(shardParts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of shardParts) {
    shard.set(p, o);
    o += p.length;
  }
  const modelJson = new TextEncoder().encode(
    JSON.stringify({ format: 'layers-model', generatedBy, modelTopology: saved.modelTopology, weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights }] }),
  );
  return { modelJson, shard };
}

/** A tiny denoiser like training's: convs (one stride 2), nearest upsampling, tanh out; image in, image out. */
function tinyDenoiser(resolution: number): tfl.Sequential {
  let seed = 40;
  const conv = (filters: number, strides: number, activation: 'relu' | 'tanh', extra: object = {}) =>
    tfl.layers.conv2d({ filters, kernelSize: 3, strides, padding: 'same', activation, kernelInitializer: tfl.initializers.glorotUniform({ seed: seed++ }), ...extra });
  return tfl.sequential({
    layers: [conv(4, 1, 'relu', { inputShape: [resolution, resolution, 1] }), conv(4, 2, 'relu'), tfl.layers.upSampling2d({ size: [2, 2] }), conv(1, 1, 'tanh')],
  });
}

export async function tinyModelFolder(
  id = 'tiny-16-20260101',
  latentSize = 8,
  resolution = 16,
  options: { denoiser?: boolean } = {},
): Promise<TinyModelFolder> {
  await tf.setBackend('cpu');
  const channels = 4;
  const blocks = Math.log2(resolution / 4);
  if (!Number.isInteger(blocks) || blocks < 1) throw new Error(`resolution must be 4 * 2^k, got ${resolution}`);
  // Seeded initializers: the same tiny model on every run, so tests that look at its pixels are not flaky.
  let seed = 5; // a start that gives 30-50% ink, like a real symbol
  const init = () => tfl.initializers.glorotUniform({ seed: seed++ });
  const layers: tfl.layers.Layer[] = [
    tfl.layers.dense({ inputShape: [latentSize], units: 16 * channels, activation: 'relu', name: 'dense', kernelInitializer: init() }),
    tfl.layers.reshape({ targetShape: [4, 4, channels], name: 'to_4x4' }),
  ];
  for (let i = 1; i <= blocks; i++) {
    layers.push(
      tfl.layers.upSampling2d({ size: [2, 2], name: `up_conv${i}` }),
      tfl.layers.conv2d({ filters: channels, kernelSize: 3, padding: 'same', activation: 'relu', name: `conv${i}`, kernelInitializer: init() }),
    );
  }
  layers.push(tfl.layers.conv2d({ filters: 1, kernelSize: 3, padding: 'same', activation: 'tanh', name: 'to_image', kernelInitializer: init() }));
  const generatedBy = 'tests/unit/helpers/tiny-model.ts';
  const gen = await quantizedFiles(tfl.sequential({ layers }), generatedBy);
  const files: Record<string, Uint8Array> = { 'model.json': gen.modelJson, 'group1-shard1of1.bin': gen.shard };
  if (options.denoiser) {
    const dn = await quantizedFiles(tinyDenoiser(resolution), generatedBy);
    files['denoiser/model.json'] = dn.modelJson;
    files['denoiser/group1-shard1of1.bin'] = dn.shard;
  }
  // Hash order is the contract's: generator model.json, its shards, then the denoiser's.
  const hash = createHash('sha256');
  for (const bytes of Object.values(files)) hash.update(bytes);
  const bytes = Object.values(files).reduce((n, b) => n + b.length, 0);
  return {
    entry: { id, resolution, latentSize, sha256: hash.digest('hex'), bytes, created: '2026-01-01', ...(options.denoiser ? { denoiser: 'denoiser' as const } : {}) },
    files,
  };
}

/**
 * A models folder on disk (index.json + one tiny model) in a fresh temporary directory, plus a
 * folder that exists on disk but is NOT in index.json (to prove ids are checked against the index).
 */
export async function tinyModelsDir(): Promise<{ dir: string; entry: ModelEntry; unlisted: string }> {
  const { mkdtemp, mkdir, writeFile } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const folder = await tinyModelFolder();
  const dir = await mkdtemp(path.join(tmpdir(), 'tsdne-models-'));
  const unlisted = 'ghost-16-20260101';
  for (const id of [folder.entry.id, unlisted]) {
    await mkdir(path.join(dir, id));
    for (const [name, bytes] of Object.entries(folder.files)) await writeFile(path.join(dir, id, name), bytes);
  }
  await writeFile(path.join(dir, 'index.json'), JSON.stringify({ version: 1, default: folder.entry.id, models: [folder.entry] }));
  return { dir, entry: folder.entry, unlisted };
}
