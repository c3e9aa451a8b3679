/**
 * "Does it exist?" on the server, warm: what /api/nearest does for one new seed, split into its parts, with the
 * default model (or BENCH_MODEL=<id>) and its nearest.json, on the wasm backend as the server runs it.
 *  - loading the index once (read, sha256, parse, decode);
 *  - the search for one symbol: embed its mask, scan every glyph, pick three and the verdict;
 *  - the answer's extra: tracing the three neighbours' thumbnails (the server keeps traced glyphs, so this is the
 *    most a query adds, the first time those glyphs are shown);
 *  - the whole query as the API runs it for a seed never asked before: forward pass, clean-up and trace of the
 *    symbol, the search, the neighbours' outlines.
 * The goal (issue 25) is under 50 ms per query on the server warm.
 *
 *   npm run bench:nearest            (N = 200 seeds; BENCH_N=50 for a quick run)
 *   BENCH_MODELS_DIR=/path/to/models npm run bench:nearest   (another models folder: index.json + model folders)
 */
import os from 'node:os';

import { load } from '../lib/model/generator';
import { resolveModel } from '../lib/model/model-index';
import { loadNearestIndex } from '../lib/nearest/nearest-file';
import { glyphPathData, queryNearest } from '../lib/nearest/query';
import { renderSeeds } from '../lib/render/symbol';
import { fileModelSource, modelsDir, readModelIndex } from '../lib/server/model-files';

const N = Number(process.env.BENCH_N ?? 200);
if (!Number.isInteger(N) || N < 1) throw new Error(`BENCH_N must be a whole number of seeds, got ${process.env.BENCH_N}.`);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const f = (x: number) => x.toFixed(2);

const dir = process.env.BENCH_MODELS_DIR || modelsDir();
const index = await readModelIndex(dir);
if (!index) throw new Error(`No index.json in ${dir}: export a model first.`);
const resolved = resolveModel(index, process.env.BENCH_MODEL?.trim() || null);
if (!resolved.ok) throw new Error(resolved.error);
const { model } = resolved;
if (!model.nearest) throw new Error(`The model ${model.id} has no nearest.json: python3 -m training nearest public/models/${model.id}`);

const source = fileModelSource(dir);
let t0 = performance.now();
const nearest = await loadNearestIndex(model, source);
const loadMs = performance.now() - t0;
const generator = await load({ model, source, backends: ['wasm'] });

// Warm-up: wasm kernels, the JIT on the search loop.
for (let i = 0; i < 10; i++) {
  const [s] = await renderSeeds(generator, [`nearest warm-up ${i}`]);
  queryNearest(nearest, s!.mask);
}

const search: number[] = [];
const thumbs: number[] = [];
const whole: number[] = [];
const verdicts = { new: 0, close: 0, copy: 0 };
for (let i = 0; i < N; i++) {
  t0 = performance.now();
  const [symbol] = await renderSeeds(generator, [`nearest bench ${i}`]);
  const t1 = performance.now();
  const { neighbours, verdict } = queryNearest(nearest, symbol!.mask);
  const t2 = performance.now();
  for (const n of neighbours) glyphPathData(nearest, n.index);
  const t3 = performance.now();
  search.push(t2 - t1);
  thumbs.push(t3 - t2);
  whole.push(t3 - t0);
  verdicts[verdict]++;
}
generator.dispose();

console.log(`nearest benchmark, model ${model.id}, node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log(`index: ${nearest.glyphs.length} glyphs x ${nearest.embedding.dims} dimensions, ${(model.nearest.bytes / 1e6).toFixed(2)} MB; loaded (read, sha256, parse, decode) once in ${loadMs.toFixed(0)} ms`);
console.log(`search (embed + scan + verdict), ${N} seeds: median ${f(pct(search, 50))} ms, p90 ${f(pct(search, 90))} ms`);
console.log(`three neighbours traced (uncached): median ${f(pct(thumbs, 50))} ms, p90 ${f(pct(thumbs, 90))} ms`);
console.log(`whole query, a new seed each (forward pass + trace + search + neighbours): median ${f(pct(whole, 50))} ms, p90 ${f(pct(whole, 90))} ms`);
console.log(`verdicts over these ${N} seeds: new ${verdicts.new}, close ${verdicts.close}, copy ${verdicts.copy}`);
