/**
 * Site benchmark in Debian's Chromium against a built site (`npm run build` first):
 *  - homepage JavaScript until the symbol is ready on WebGL, gzip level 6 (the usual server default) and raw:
 *    the page's own (main thread) and the generator worker's (TensorFlow.js and the model code), told apart
 *    by each global's Performance timeline;
 *  - time to the first symbol (cold: empty cache; warm: model from Cache Storage);
 *  - per-symbol time for "Another" on WebGL (click -> ready, and the generator pass alone), medians.
 *
 *   npm run bench:site            (starts `next start` on port 3300; BENCH_URL=... uses a running server)
 *   BENCH_BACKEND=wasm npm run bench:site   (pins the backend order with ?backend=, for comparison)
 * The homepage is opened with the backend order pinned (the default order unless BENCH_BACKEND says otherwise), which
 * asks for the browser's own drawing: without it the first symbol is the server's (lib/server/first-paint) and there
 * would be no first generation in the browser to time. bench:lighthouse measures the page as visitors get it.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { median, startServer, launchChromium } from './harness.mjs';


const PORT = 3300;
const N = Number(process.env.BENCH_N ?? 30);

/** Raw and gzipped bytes of built JS files (paths under /_next/static/), the largest first. */
function jsSizes(paths) {
  let raw = 0;
  let gz = 0;
  const files = [];
  for (const path of new Set(paths)) {
    const bytes = readFileSync('.next/static/' + path.slice('/_next/static/'.length));
    const g = gzipSync(bytes, { level: 6 }).length;
    raw += bytes.length;
    gz += g;
    files.push([g, path]);
  }
  files.sort((a, b) => b[0] - a[0]);
  return { raw, gz, files };
}

const { base, server } = await startServer(PORT);

const browser = await launchChromium();
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  // Ready and hydrated, so that the clicks below are heard.
  const ready = () => page.waitForSelector('[data-testid=symbol][data-state=ready][data-interactive]', { timeout: 180_000 });

  let t = performance.now();
  await page.goto(`${base}/?backend=${process.env.BENCH_BACKEND ?? 'webgl,wasm,cpu'}`);
  await ready();
  const coldMs = performance.now() - t;
  const backend = await page.getAttribute('[data-testid=symbol]', 'data-backend');
  const fetchedJs = () =>
    performance
      .getEntriesByType('resource')
      .map((e) => new URL(e.name).pathname)
      .filter((path) => path.startsWith('/_next/static/') && path.endsWith('.js'));
  const pageJs = jsSizes(await page.evaluate(fetchedJs));
  const workerJs = jsSizes((await Promise.all(page.workers().map((w) => w.evaluate(fetchedJs)))).flat());

  t = performance.now();
  await page.reload();
  await ready();
  const warmMs = performance.now() - t;

  const clickMs = [];
  const passMs = [];
  // Measured inside the page (click -> the symbol element reports the new seed as ready), so the
  // figure holds no test-driver overhead.
  for (let i = 0; i < N; i++) {
    const r = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const el = document.querySelector('[data-testid=symbol]');
          const prev = el.getAttribute('data-seed');
          const t0 = performance.now();
          const obs = new MutationObserver(() => {
            if (el.getAttribute('data-seed') !== prev && el.getAttribute('data-state') === 'ready') {
              obs.disconnect();
              resolve({ total: performance.now() - t0, pass: Number(el.getAttribute('data-generate-ms')) });
            }
          });
          obs.observe(el, { attributes: true, subtree: true, childList: true });
          [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Another').click();
        }),
    );
    clickMs.push(r.total);
    passMs.push(r.pass);
  }

  for (const [what, sizes] of [['homepage JS, main thread', pageJs], ['generator worker JS', workerJs]]) {
    console.log(`${what}: ${sizes.files.length} files, ${(sizes.gz / 1024).toFixed(1)} KiB gzipped (${(sizes.raw / 1024).toFixed(1)} KiB raw)`);
    for (const [g, path] of sizes.files.slice(0, Number(process.env.BENCH_FILES ?? 5))) console.log(`  ${(g / 1024).toFixed(1).padStart(6)} KiB  ${path}`);
  }
  console.log(`backend: ${backend}`);
  console.log(`first symbol, cold (download + verify + warm-up): ${coldMs.toFixed(0)} ms; warm reload (model from cache): ${warmMs.toFixed(0)} ms`);
  console.log(`Another on ${backend}, median of ${N}: click -> ready ${median(clickMs).toFixed(1)} ms, generator pass ${median(passMs).toFixed(1)} ms`);
} finally {
  await browser.close();
  server?.kill();
}
