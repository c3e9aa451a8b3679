/**
 * Draw to find in Node on the wasm backend, the browser's fallback and the backend of the goal (draw to
 * result under 3 s in Chromium on wasm): the default model's projector (lib/draw/projector) loaded once, then
 * BENCH_N searches of drawings made of strokes, each as the page runs it (rasterize, the encoder's guess, 10 Adam
 * steps in its likeliest style, the final pass in 4 styles); median and slowest search, and tf.memory().numTensors
 * before and after. Node's wasm is not Chromium's, so this says how the work scales, not the page's figure (npm run bench:draw).
 *
 *   node --import tsx bench/draw.bench.ts          (BENCH_N=5 for a quick run; the default model must ship an encoder)
 */
import * as tf from '@tensorflow/tfjs-core';

import type { Stroke } from '../lib/draw/drawing';
import { loadProjector } from '../lib/draw/projector';
import { rasterizeDrawing } from '../lib/draw/rasterize';
import { resolveModel } from '../lib/model/model-index';
import { fileModelSource, readModelIndex } from '../lib/server/model-files';

const N = Number(process.env.BENCH_N ?? 10);

const index = await readModelIndex();
if (!index) throw new Error('No public/models/index.json: export a model first.');
const resolved = resolveModel(index, process.env.BENCH_MODEL || null);
if (!resolved.ok) throw new Error(resolved.error);
const model = resolved.model;

/** Drawing i: a circle and i % 4 + 1 straight strokes through it, in the surface's unit square. */
function drawing(i: number): Stroke[] {
  const circle: Stroke = Array.from({ length: 40 }, (_, k) => ({ x: 0.5 + 0.3 * Math.cos((k / 39) * 2 * Math.PI), y: 0.5 + 0.3 * Math.sin((k / 39) * 2 * Math.PI) }));
  const lines = Array.from({ length: (i % 4) + 1 }, (_, k): Stroke => {
    const a = ((i + k) * Math.PI) / 5;
    return [
      { x: 0.5 - 0.4 * Math.cos(a), y: 0.5 - 0.4 * Math.sin(a) },
      { x: 0.5 + 0.4 * Math.cos(a), y: 0.5 + 0.4 * Math.sin(a) },
    ];
  });
  return [circle, ...lines];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const t0 = performance.now();
const projector = await loadProjector({ model, source: fileModelSource(), backends: ['wasm'] });
console.log(`model ${model.id} on ${projector.backend}: loaded and warmed up in ${(performance.now() - t0).toFixed(0)} ms`);
const before = tf.memory().numTensors;
const times: number[] = [];
for (let i = 0; i < N; i++) {
  const t = performance.now();
  const field = rasterizeDrawing(drawing(i), model.resolution);
  const found = await projector.find(field);
  times.push(performance.now() - t);
  console.log(`search ${i + 1}: ${times.at(-1)!.toFixed(0)} ms, loss ${found.history[0]!.toFixed(4)} -> ${found.history.at(-1)!.toFixed(4)}, best style ${found.results[0]!.candidate.style}`);
}
console.log(`${N} searches: median ${median(times).toFixed(0)} ms, slowest ${Math.max(...times).toFixed(0)} ms; tensors ${before} -> ${tf.memory().numTensors}`);
projector.dispose();
