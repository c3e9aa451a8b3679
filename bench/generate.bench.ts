/**
 * Generator benchmark in Node (CPU and wasm backends) with the shipped default model (or the models in
 * BENCH_MODEL=<id>,<id>, measured one after the other in the same process, e.g. with and without a denoiser):
 * load + warm-up time, then N single-symbol generations, reporting medians, the number of forward
 * passes and readbacks per symbol, and tf.memory().numTensors before and after; then up to 50 seeds each drawn to a
 * finished symbol as "Another" draws it (a resampled model's candidates and critic included).
 *
 *   npm run bench            (N = 100; BENCH_N=20 npm run bench for a quick run)
 */
import * as tf from '@tensorflow/tfjs-core';

import type { BackendName } from '../lib/model/backend';
import { load } from '../lib/model/generator';
import { resolveModel } from '../lib/model/model-index';
import { fieldToMask } from '../lib/render/postprocess';
import { renderSeeds, symbolFromField } from '../lib/render/symbol';
import { seedToLatent } from '../lib/seeds/seed';
import { seedStyleVector, styleCount } from '../lib/seeds/style';
import { fileModelSource, readModelIndex } from '../lib/server/model-files';

const N = Number(process.env.BENCH_N ?? 100);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

// Count forward passes (one Dense matMul each) and readbacks.
let predicts = 0;
let readbacks = 0;
const fused = tf.fused as { matMul: typeof tf.fused.matMul };
const matMul = fused.matMul;
fused.matMul = (args) => {
  predicts++;
  return matMul(args);
};
const data = tf.Tensor.prototype.data;
tf.Tensor.prototype.data = function (this: tf.Tensor) {
  readbacks++;
  return data.call(this) as ReturnType<typeof data>;
} as typeof data;
const dataSync = tf.Tensor.prototype.dataSync;
tf.Tensor.prototype.dataSync = function (this: tf.Tensor) {
  readbacks++;
  return dataSync.call(this);
} as typeof dataSync;

const index = await readModelIndex();
if (!index) throw new Error('No public/models/index.json: export a model first.');
const models = (process.env.BENCH_MODEL ?? '').split(',').map((id) => {
  const resolved = resolveModel(index, id.trim() || null);
  if (!resolved.ok) throw new Error(resolved.error);
  return resolved.model;
});
console.log(`${N} symbols per model and backend, node ${process.version}`);

for (const backend of ['wasm', 'cpu'] as BackendName[]) {
  for (const model of models) {
    console.log(`model ${model.id} (${model.resolution}x${model.resolution}, latent ${model.latentSize}${model.denoiser ? ', with denoiser' : ''})`);
    const t0 = performance.now();
    const gen = await load({ model, source: fileModelSource(), backends: [backend] });
    const loadMs = performance.now() - t0;
    if (gen.backend !== backend) throw new Error(`${backend} did not start`);
    const latents = Array.from({ length: N }, (_, i) => seedToLatent(`bench ${i}`, model.latentSize));
    // A conditional model takes each seed's style vector after z, as the site passes it.
    const count = styleCount(model);
    const styles = count ? latents.map((_, i) => seedStyleVector(`bench ${i}`, count)) : undefined;
    const tensorsBefore = tf.memory().numTensors;
    predicts = 0;
    readbacks = 0;
    const forward: number[] = [];
    const post: number[] = [];
    const trace: number[] = [];
    for (const [i, z] of latents.entries()) {
      const a = performance.now();
      const [field] = await gen.generate([z], styles && [styles[i]!]);
      const b = performance.now();
      fieldToMask(field!, model.resolution);
      const c = performance.now();
      symbolFromField(field!, model.resolution);
      const d = performance.now();
      forward.push(b - a);
      post.push(c - b);
      trace.push(d - c);
    }
    const tensorsAfter = tf.memory().numTensors;
    const perSymbol = { predicts: predicts / N, readbacks: readbacks / N };
    // A batch of 16 in one pass, per symbol.
    const batch = latents.slice(0, 16);
    const bt: number[] = [];
    for (let r = 0; r < 5; r++) {
      const a = performance.now();
      await gen.generate(batch, styles?.slice(0, 16));
      bt.push((performance.now() - a) / batch.length);
    }
    // What "Another" costs the worker: one seed to its finished symbol, with a resampled model's K candidates and
    // critic pass (lib/render/seed-latents) included.
    const seedToSymbol: number[] = [];
    for (let i = 0; i < Math.min(N, 50); i++) {
      const a = performance.now();
      await renderSeeds(gen, [`another ${i}`]);
      seedToSymbol.push(performance.now() - a);
    }
    console.log(
      [
        `${backend.padEnd(5)} load+verify+warm-up ${loadMs.toFixed(0)} ms`,
        `generate (forward+readback) median ${median(forward).toFixed(2)} ms`,
        `despeckle ${median(post).toFixed(2)} ms`,
        `despeckle+trace ${median(trace).toFixed(2)} ms`,
        `batch-16 per symbol ${median(bt).toFixed(2)} ms`,
        `seed -> symbol${model.resample ? ` (resampled, K=${model.resample.k})` : ''} median ${median(seedToSymbol).toFixed(2)} ms`,
        `forward passes/symbol ${perSymbol.predicts.toFixed(2)}, readbacks/symbol ${perSymbol.readbacks.toFixed(2)}`,
        `numTensors ${tensorsBefore} -> ${tensorsAfter} over ${N}`,
      ].join(' | '),
    );
    gen.dispose();
  }
}
