/**
 * Morph and gallery speed in Debian's Chromium against a built site (`npm run build` first), for each
 * backend in BENCH_BACKENDS (default "webgl,wasm"; ?backend= pins it; WebGL here is SwiftShader, i.e.
 * software WebGL on the CPU):
 *  - morph frames per second for batch sizes 1, 8 and 32 (frames per forward pass, /morph?batch=N):
 *    a leg is 64 frames; "generator" fps counts the forward pass + readback only, "with tracing" adds
 *    despeckle + outline tracing (what the player actually waits for). The player's first pass is one
 *    frame and the second compiles shaders for the batch size, so both are left out; medians over
 *    BENCH_RUNS page loads;
 *  - the speed-up of batching (fps at batch N / fps at batch 1);
 *  - time to fill the gallery's first screen (24 symbols, one forward pass): from navigation to 24 ready
 *    tiles with the model already cached, and the forward pass alone; medians over BENCH_RUNS loads.
 *
 *   npm run bench:morph           (starts `next start` on port 3302; BENCH_URL=... uses a running server)
 *   BENCH_RUNS=5 npm run bench:morph
 */
import { median, startServer, launchChromium } from './harness.mjs';

const PORT = 3302;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const BATCHES = (process.env.BENCH_BATCHES ?? '1,8,32').split(',').map(Number);
const BACKENDS = (process.env.BENCH_BACKENDS ?? 'webgl,wasm').split(',');
const TIMEOUT = 600_000;

const { base, server } = await startServer(PORT, { tries: 200 });

const browser = await launchChromium();
const attrs = (page, testId) =>
  page.evaluate((id) => {
    const el = document.querySelector(`[data-testid=${id}]`);
    return el ? Object.fromEntries([...el.attributes].filter((a) => a.name.startsWith('data-')).map((a) => [a.name.slice(5), a.value])) : null;
  }, testId);

try {
  // Reduced motion: the player does not autoplay, so nothing but frame generation runs.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
  const page = await context.newPage();

  // Load the model once so every measurement below starts from the cache.
  await page.goto(`${base}/s/bench`);
  await page.waitForSelector('[data-testid=symbol][data-state=ready]', { timeout: TIMEOUT });

  const results = [];
  for (const backend of BACKENDS) {
    const morph = {};
    for (const batch of BATCHES) {
      const gen = [];
      const full = [];
      for (let run = 0; run < RUNS; run++) {
        await page.goto(`${base}/morph/bench-a-${run}/bench-b-${run}?batch=${batch}&backend=${backend}`);
        await page.waitForSelector('[data-testid=morph][data-frames-ready="64"]', { timeout: TIMEOUT });
        const a = await attrs(page, 'morph');
        if (a.backend !== backend) throw new Error(`asked for ${backend}, the page ran on ${a.backend}`);
        const ms = a['pass-ms'].split(',').map(Number).slice(2);
        const frames = a['pass-frames'].split(',').map(Number).slice(2);
        const n = frames.reduce((s, x) => s + x, 0);
        const genMs = ms.reduce((s, x) => s + x, 0);
        const traceMs = (Number(a['trace-ms']) * n) / 64; // tracing is per frame; scale to the frames counted
        gen.push((n / genMs) * 1000);
        full.push((n / (genMs + traceMs)) * 1000);
      }
      morph[batch] = { gen: median(gen), full: median(full) };
      console.log(`${backend} batch ${String(batch).padStart(2)}: ${morph[batch].gen.toFixed(1)} frames/s generator, ${morph[batch].full.toFixed(1)} frames/s with tracing (median of ${RUNS})`);
    }

    const fill = [];
    const pass = [];
    for (let run = 0; run < RUNS; run++) {
      const t = performance.now();
      await page.goto(`${base}/gallery?page=${run + 2}&backend=${backend}`);
      await page.waitForFunction(() => document.querySelectorAll('[data-testid=gallery-tile][data-state=ready]').length >= 24, null, { timeout: TIMEOUT, polling: 50 });
      fill.push(performance.now() - t);
      pass.push(Number((await attrs(page, 'gallery'))['last-batch-ms']));
    }
    results.push({ backend, morph, fill: median(fill), pass: median(pass) });
    console.log(`${backend} gallery first screen: ${median(fill).toFixed(0)} ms to 24 ready tiles, pass ${median(pass).toFixed(0)} ms`);
  }

  console.log('');
  console.log(`Chromium ${browser.version()}, WebGL = SwiftShader (software); medians of ${RUNS} page loads; ${new Date().toISOString().slice(0, 10)}`);
  console.log('');
  console.log('| backend | frames per forward pass | morph frames/s, generator | morph frames/s, with tracing | speed-up vs batch 1 |');
  console.log('|---|---:|---:|---:|---:|');
  for (const r of results) {
    for (const batch of BATCHES) {
      const m = r.morph[batch];
      console.log(`| ${r.backend} | ${batch} | ${m.gen.toFixed(1)} | ${m.full.toFixed(1)} | ${(m.gen / r.morph[BATCHES[0]].gen).toFixed(2)}x |`);
    }
  }
  console.log('');
  console.log('| backend | gallery first screen: navigation to 24 ready symbols (model cached) | its one forward pass + readback |');
  console.log('|---|---:|---:|');
  for (const r of results) console.log(`| ${r.backend} | ${r.fill.toFixed(0)} ms | ${r.pass.toFixed(0)} ms |`);
} finally {
  await browser.close();
  server?.kill();
}
