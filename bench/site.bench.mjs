/**
 * Site benchmark in Debian's Chromium against a built site (`npm run build` first):
 *  - homepage JavaScript: every JS file the homepage loads until the symbol is ready on WebGL
 *    (TensorFlow.js included), gzip level 6 (the usual server default) and raw;
 *  - time to the first symbol (cold: empty cache; warm: model from Cache Storage);
 *  - per-symbol time for "Another" on WebGL (click -> ready, and the generator pass alone), medians.
 *
 *   npm run bench:site            (starts `next start` on port 3300; BENCH_URL=... uses a running server)
 *   BENCH_BACKEND=wasm npm run bench:site   (pins the backend order with ?backend=, for comparison)
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { median, startServer, launchChromium } from './harness.mjs';


const PORT = 3300;
const N = Number(process.env.BENCH_N ?? 30);

const { base, server } = await startServer(PORT);

const browser = await launchChromium();
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const js = new Set();
  page.on('response', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/_next/static/') && path.endsWith('.js')) js.add(path);
  });
  const ready = () => page.waitForSelector('[data-testid=symbol][data-state=ready]', { timeout: 180_000 });

  let t = performance.now();
  await page.goto(base + (process.env.BENCH_BACKEND ? `/?backend=${process.env.BENCH_BACKEND}` : '/'));
  await ready();
  const coldMs = performance.now() - t;
  const backend = await page.getAttribute('[data-testid=symbol]', 'data-backend');

  let raw = 0;
  let gz = 0;
  const files = [];
  for (const path of js) {
    const bytes = readFileSync('.next/static/' + path.slice('/_next/static/'.length));
    const g = gzipSync(bytes, { level: 6 }).length;
    raw += bytes.length;
    gz += g;
    files.push([g, path]);
  }
  files.sort((a, b) => b[0] - a[0]);

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

  console.log(`homepage JS: ${js.size} files, ${(gz / 1024).toFixed(1)} KiB gzipped (${(raw / 1024).toFixed(1)} KiB raw)`);
  for (const [g, path] of files.slice(0, Number(process.env.BENCH_FILES ?? 5))) console.log(`  ${(g / 1024).toFixed(1).padStart(6)} KiB  ${path}`);
  console.log(`backend: ${backend}`);
  console.log(`first symbol, cold (download + verify + warm-up): ${coldMs.toFixed(0)} ms; warm reload (model from cache): ${warmMs.toFixed(0)} ms`);
  console.log(`Another on ${backend}, median of ${N}: click -> ready ${median(clickMs).toFixed(1)} ms, generator pass ${median(passMs).toFixed(1)} ms`);
} finally {
  await browser.close();
  server?.kill();
}
