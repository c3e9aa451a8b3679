/**
 * lib/model/network.ts runs model.json without tfjs-layers; the contract says model.json "loads with
 * tf.loadLayersModel". These tests hold both: same outputs as tfjs-layers, and clear errors for
 * anything outside the contract's layer set.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';

import { inputSize } from '@/lib/model/generator-input';
import { buildNetwork, ModelFormatError, parseTopology } from '@/lib/model/network';
import { seedToLatent } from '@/lib/seeds/seed';
import { modelsDir, readModelIndex } from '@/lib/server/model-files';

import { tinyModelFolder } from './helpers/tiny-model';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

async function compareWithLayers(modelJson: Uint8Array, shard: Uint8Array, inputWidth: number): Promise<number> {
  const json = JSON.parse(new TextDecoder().decode(modelJson));
  const specs = json.weightsManifest.flatMap((g: { weights: tf.io.WeightsManifestEntry[] }) => g.weights);
  const data = shard.slice().buffer;
  const reference = await tfl.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: specs, weightData: data }));
  const net = buildNetwork(json.modelTopology, specs, data);
  const z = tf.tensor2d(
    ['a', 'b', 'c'].flatMap((s) => Array.from(seedToLatent(s, inputWidth))),
    [3, inputWidth],
  );
  const ours = tf.tidy(() => net.predict(z));
  const theirs = reference.predict(z) as tf.Tensor;
  expect(ours.shape).toEqual(theirs.shape);
  const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(ours, theirs))).dataSync()[0]!);
  tf.dispose([z, ours, theirs]);
  net.dispose();
  reference.dispose();
  return diff;
}

describe('buildNetwork', () => {
  it('matches tf.loadLayersModel on a small uint8-quantized model', async () => {
    const { files, entry } = await tinyModelFolder('tiny-32-20260101', 8, 32);
    expect(await compareWithLayers(files['model.json']!, files['group1-shard1of1.bin']!, entry.latentSize)).toBeLessThan(1e-5);
  });

  it('matches tf.loadLayersModel on the shipped default model', async (ctx) => {
    const index = await readModelIndex();
    if (!index) return ctx.skip();
    const entry = index.models.find((m) => m.id === index.default)!;
    const dir = path.join(modelsDir(), entry.id);
    const modelJson = new Uint8Array(await readFile(path.join(dir, 'model.json')));
    const json = JSON.parse(new TextDecoder().decode(modelJson));
    const shards = await Promise.all(json.weightsManifest.flatMap((g: { paths: string[] }) => g.paths).map((p: string) => readFile(path.join(dir, p))));
    // A conditional default takes z and the style's one-hot: the network's input is inputSize wide.
    expect(await compareWithLayers(modelJson, new Uint8Array(Buffer.concat(shards)), inputSize(entry))).toBeLessThan(1e-4);
  });

  it('draws the same without fused ops (forGradients), and a gradient to the input through that path runs on wasm', async () => {
    const { files, entry } = await tinyModelFolder('tiny-32-20260101', 8, 32);
    const json = JSON.parse(new TextDecoder().decode(files['model.json']!));
    const specs = json.weightsManifest.flatMap((g: { weights: tf.io.WeightsManifestEntry[] }) => g.weights);
    await import('@tensorflow/tfjs-backend-wasm');
    await tf.setBackend('wasm');
    try {
      const net = buildNetwork(json.modelTopology, specs, files['group1-shard1of1.bin']!.slice().buffer);
      const z = tf.tensor2d(Array.from(seedToLatent('grad', entry.latentSize)), [1, entry.latentSize]);
      const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(net.predict(z), net.predict(z, true)))).dataSync()[0]!);
      expect(diff).toBeLessThan(1e-5);
      // The fused path's gradient asks wasm for Conv2DBackpropFilter, which it lacks (why forGradients exists).
      expect(() => tf.tidy(() => tf.grad((x: tf.Tensor) => tf.sum(net.predict(x)))(z))).toThrow(/Conv2DBackpropFilter/);
      const grad = tf.tidy(() => tf.grad((x: tf.Tensor) => tf.sum(net.predict(x, true)))(z));
      expect(grad.shape).toEqual(z.shape);
      expect(Math.max(...Array.from(grad.dataSync()).map(Math.abs))).toBeGreaterThan(0);
      tf.dispose([z, grad]);
      net.dispose();
    } finally {
      await tf.setBackend('cpu');
    }
  });

  it('matches tf.loadLayersModel on a denoiser with stride-2 convolutions and upsampling', async () => {
    let seed = 11;
    const init = () => tfl.initializers.glorotUniform({ seed: seed++ });
    const conv = (filters: number, strides: number, activation: 'relu' | 'tanh', extra: object = {}) =>
      tfl.layers.conv2d({ filters, kernelSize: 3, strides, padding: 'same', activation, kernelInitializer: init(), biasInitializer: 'ones', ...extra });
    const model = tfl.sequential({
      layers: [
        conv(4, 1, 'relu', { inputShape: [16, 16, 1] }),
        conv(8, 2, 'relu'),
        conv(8, 2, 'relu'),
        tfl.layers.upSampling2d({ size: [2, 2] }),
        conv(4, 1, 'relu'),
        tfl.layers.upSampling2d({ size: [2, 2] }),
        conv(1, 1, 'tanh'),
      ],
    });
    let saved: tf.io.ModelArtifacts | null = null;
    await model.save(
      tf.io.withSaveHandler(async (a) => {
        saved = a;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const artifacts = saved as unknown as tf.io.ModelArtifacts;
    const net = buildNetwork(artifacts.modelTopology, artifacts.weightSpecs!, artifacts.weightData as ArrayBuffer);
    expect(net.input).toBe('image');
    const images = tf.randomUniform([3, 16, 16, 1], -1, 1, 'float32', 7);
    const ours = tf.tidy(() => net.predict(images));
    const theirs = model.predict(images) as tf.Tensor;
    expect(ours.shape).toEqual([3, 16, 16, 1]);
    expect(tf.tidy(() => tf.max(tf.abs(tf.sub(ours, theirs))).dataSync()[0]!)).toBeLessThan(1e-5);
    tf.dispose([images, ours, theirs]);
    net.dispose();
    model.dispose();
  });

  it('rejects layers outside the contract with a clear message', () => {
    const seq = (layers: object[]) => ({ class_name: 'Sequential', config: { name: 'g', layers } });
    const dense = { class_name: 'Dense', config: { name: 'dense', units: 16, activation: 'relu' } };
    expect(() => parseTopology(seq([dense, { class_name: 'BatchNormalization', config: { name: 'bn' } }]))).toThrow(
      /layer "bn" is a BatchNormalization; the contract allows only Dense, Reshape, UpSampling2D and Conv2D/,
    );
    expect(() => parseTopology(seq([dense, { class_name: 'Conv2D', config: { name: 'c', filters: 1, kernel_size: [3, 3], padding: 'valid' } }]))).toThrow(
      ModelFormatError,
    );
    expect(() => parseTopology(seq([{ class_name: 'Dense', config: { name: 'd', units: 4, activation: 'softmax' } }]))).toThrow(/activation "softmax"/);
    expect(() => parseTopology({ class_name: 'Model', config: {} })).toThrow(/Sequential/);
    const strided = (strides: number[]) => ({ class_name: 'Conv2D', config: { name: 's', filters: 1, kernel_size: [3, 3], strides, padding: 'same' } });
    expect(() => parseTopology(seq([strided([3, 3])]))).toThrow(/strides must be 1 or 2/);
    expect(() => parseTopology(seq([strided([2, 1])]))).toThrow(/strides must be 1 or 2/);
    expect(parseTopology(seq([strided([2, 2])]))[0]).toMatchObject({ kind: 'conv', stride: 2 });
  });
});
