/**
 * Draw to find (/draw) in Debian's Chromium against a built site (`npm run build` first): issue 26's goal, "draw to
 * result in under 3 s on wasm". A fresh context (empty Cache Storage) opens /draw?backend=BENCH_BACKEND (default
 * wasm,cpu), waits until the page is hydrated and its session exists (data-interactive), and draws with the mouse as a
 * visitor does (and as tests/e2e/draw.spec.ts does), Clear between drawings:
 *  - the cold search: the first drawing, whose search also starts the draw worker, downloads the model and its
 *    encoder, checks them, starts the backend (wasm: compiles the module) and warms up; the page loads none of it
 *    before a first search;
 *  - BENCH_N (default 5) warm searches of other typical drawings (a cross, a triangle, a circle with 2 to 4 strokes
 *    through it, a zigzag, a square with its diagonal; turned a little on each round past the list).
 *
 * Chromium runs as on a machine without a usable GPU (bench/harness.mjs `gpu: false`), the browser that draws on
 * wasm, as bench/adjust-page.mjs does; BENCH_GPU=swiftshader runs it through SwiftShader's emulated GPU instead.
 *
 * Timed in the page, on its own clock: from the performance mark 'draw-search-start' (lib/draw/session: the search
 * begins, when the pen has rested SEARCH_AFTER_MS = 600 ms, hooks/use-draw-session) to the first frame painted after
 * data-state="found" (a MutationObserver on the attribute, then a task queued from requestAnimationFrame, as
 * bench/responsiveness.mjs does). Also printed, not judged: "pen up → shown", from the last pointerup event's timestamp
 * (so the 600 ms rest included), and the worker's own time for the search (data-search-ms: the projector's find,
 * without loading or messaging). The backend is the one the page reports (data-backend on the result).
 *
 *   npm run bench:draw        (starts `next start` on port 3340; BENCH_URL=... uses a running server)
 *   BENCH_N=10 npm run bench:draw;   BENCH_BACKEND=webgl,wasm,cpu npm run bench:draw
 * Exits 1 when the median warm search (start → shown) exceeds 3000 ms, the goal, or when the page searched on another
 * backend than the first one asked for.
 */
import { benchGpu, median, startServer, launchChromium } from './harness.mjs';

const PORT = 3340;
const N = Number(process.env.BENCH_N ?? 5);
const BACKEND = process.env.BENCH_BACKEND ?? 'wasm,cpu';
const GOAL_MS = 3000;
const GPU = benchGpu();
/** How long one search may take before the run gives up (the cold one downloads and compiles; two loaded cores are slow). */
const SEARCH_TIMEOUT_MS = 300_000;

// Drawings, as strokes of points in the surface's unit square.
const ring = (r = 0.3, n = 32) => Array.from({ length: n + 1 }, (_, k) => [0.5 + r * Math.cos((k / n) * 2 * Math.PI), 0.5 + r * Math.sin((k / n) * 2 * Math.PI)]);
const through = (angle, r = 0.4) => [
  [0.5 - r * Math.cos(angle), 0.5 - r * Math.sin(angle)],
  [0.5 + r * Math.cos(angle), 0.5 + r * Math.sin(angle)],
];
const circleWith = (lines) => [ring(), ...Array.from({ length: lines }, (_, k) => through(Math.PI / 2 + (k * Math.PI) / lines))];
const COLD = { name: 'circle with 1 stroke through it', strokes: circleWith(1) };
const WARM = [
  { name: 'cross', strokes: [through(Math.PI / 2), through(0)] },
  { name: 'triangle', strokes: [[[0.5, 0.15], [0.85, 0.8], [0.15, 0.8], [0.5, 0.15]]] },
  { name: 'circle with 2 strokes through it', strokes: circleWith(2) },
  { name: 'circle with 3 strokes through it', strokes: circleWith(3) },
  { name: 'circle with 4 strokes through it', strokes: circleWith(4) },
  { name: 'zigzag', strokes: [[[0.3, 0.2], [0.7, 0.2], [0.3, 0.8], [0.7, 0.8]]] },
  { name: 'square with a diagonal', strokes: [[[0.2, 0.2], [0.8, 0.2], [0.8, 0.8], [0.2, 0.8], [0.2, 0.2]], [[0.2, 0.2], [0.8, 0.8]]] },
];

/** Warm drawing i: the list's, turned by a tenth of a radian more on each round past its end, so no two are alike. */
function warmDrawing(i) {
  const { name, strokes } = WARM[i % WARM.length];
  const round = Math.floor(i / WARM.length);
  if (!round) return { name, strokes };
  const [c, s] = [Math.cos(round / 10), Math.sin(round / 10)];
  const turn = ([x, y]) => [0.5 + (x - 0.5) * c - (y - 0.5) * s, 0.5 + (x - 0.5) * s + (y - 0.5) * c];
  return { name: `${name}, turned ${(round / 10).toFixed(1)} rad`, strokes: strokes.map((stroke) => stroke.map(turn)) };
}

/**
 * In the page, before a drawing: resolves once the search of that drawing (`strokes` pointerups from now) shows its
 * result, with the page's timestamps (ms) of the last pen up, the search's start and end marks, and the painted frame
 * after data-state="found"; or with { error } on data-state="error" or after `timeoutMs`. A search that began before
 * the last stroke ended (the pen rested mid-drawing) is not the one timed: the page searches the finished drawing next.
 */
const ARM_SEARCH_PROBE = ({ strokes, timeoutMs }) => {
  window.__search = new Promise((resolve) => {
    const root = document.querySelector('[data-testid=draw]');
    let ups = 0;
    let penUp = null;
    let searches = 0;
    const onUp = (e) => {
      ups++;
      penUp = e.timeStamp;
    };
    const done = (value) => {
      observer.disconnect();
      clearTimeout(timer);
      window.removeEventListener('pointerup', onUp, { capture: true });
      resolve(value);
    };
    const check = () => {
      const state = root.getAttribute('data-state');
      if (state === 'finding') searches++;
      if (state === 'error') return done({ error: document.querySelector('[data-testid=draw] [role=alert]')?.textContent ?? 'the search failed' });
      if (state !== 'found' || ups < strokes) return;
      const start = performance.getEntriesByName('draw-search-start', 'mark').at(-1);
      const end = performance.getEntriesByName('draw-search-end', 'mark').at(-1);
      if (!start || !end || start.startTime < penUp || end.startTime < start.startTime) return;
      observer.disconnect();
      // requestAnimationFrame runs just before the frame with the result is painted; a task queued from it runs after.
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          const shown = performance.now();
          const result = document.querySelector('[data-testid=draw-result]');
          done({ penUp, start: start.startTime, end: end.startTime, shown, searches, backend: result?.dataset.backend ?? null, workerMs: Number(result?.dataset.searchMs), code: result?.dataset.code ?? null });
        };
        channel.port2.postMessage(null);
      });
    };
    window.addEventListener('pointerup', onUp, { capture: true });
    const observer = new MutationObserver(check);
    observer.observe(root, { attributes: true, attributeFilter: ['data-state'] });
    const timer = setTimeout(() => done({ error: `no result within ${timeoutMs / 1000} s` }), timeoutMs);
  });
};

/** Draws `strokes` on the surface with the mouse, each a press, moves through its points, and a release. */
async function drawWithMouse(page, strokes) {
  const canvas = page.getByTestId('draw-surface');
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  if (!box) throw new Error('the drawing surface has no box on the page');
  const at = ([x, y]) => [box.x + x * box.width, box.y + y * box.height];
  for (const stroke of strokes) {
    await page.mouse.move(...at(stroke[0]));
    await page.mouse.down();
    // Long segments in more steps, so every stroke is a trail of pointer moves as a hand makes.
    for (let k = 1; k < stroke.length; k++) {
      const length = Math.hypot(stroke[k][0] - stroke[k - 1][0], stroke[k][1] - stroke[k - 1][1]);
      await page.mouse.move(...at(stroke[k]), { steps: Math.max(2, Math.round(length * 30)) });
    }
    await page.mouse.up();
  }
}

/** One drawing searched: drawn, then timed in the page until its result is painted. */
async function search(page, drawing) {
  await page.evaluate(ARM_SEARCH_PROBE, { strokes: drawing.strokes.length, timeoutMs: SEARCH_TIMEOUT_MS });
  await drawWithMouse(page, drawing.strokes);
  const r = await page.evaluate(() => window.__search);
  if (r.error) throw new Error(`${drawing.name}: ${r.error}`);
  return { name: drawing.name, ms: r.shown - r.start, fromPenUp: r.shown - r.penUp, workerMs: r.workerMs, backend: r.backend, searches: r.searches, code: r.code };
}

/** Clear, and wait until the page has the blank drawing (its Clear button disabled). */
async function clear(page) {
  await page.getByRole('button', { name: 'Clear' }).click();
  await page.waitForFunction(() => [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Clear')?.disabled === true);
}

const fmt = (ms) => `${Math.round(ms)} ms`;
const row = (what, s) => `| ${what} | ${s.name} | ${fmt(s.ms)} | ${fmt(s.fromPenUp)} | ${fmt(s.workerMs)} |`;

const { base, server } = await startServer(PORT, { probePath: '/draw' });

const browser = await launchChromium({ gpu: GPU.gpu });
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${base}/draw?backend=${BACKEND}`);
  await page.waitForSelector('[data-testid=draw][data-interactive], [data-testid=draw][data-state=unavailable]', { timeout: 120_000 });
  const root = page.getByTestId('draw');
  if ((await root.getAttribute('data-state')) === 'unavailable') throw new Error(`/draw cannot search: ${(await root.textContent()).trim()}`);
  const model = await root.getAttribute('data-model');

  const cold = await search(page, COLD);
  console.log(`cold, ${cold.name}: ${fmt(cold.ms)} from search start to result shown (the worker's search itself ${fmt(cold.workerMs)}; the rest starts the worker, downloads and checks the model and encoder, starts ${cold.backend}, warms up)`);
  const warm = [];
  for (let i = 0; i < N; i++) {
    await clear(page);
    const s = await search(page, warmDrawing(i));
    warm.push(s);
    const extra = s.searches > 1 ? ` (the pen rested mid-drawing: ${s.searches} searches, the last timed)` : '';
    console.log(`warm ${i + 1}, ${s.name}: ${fmt(s.ms)} start → shown, ${fmt(s.fromPenUp)} pen up → shown, worker ${fmt(s.workerMs)}${extra}`);
  }

  const backends = [...new Set([cold, ...warm].map((s) => s.backend))];
  const asked = BACKEND.split(',')[0];
  const ms = warm.map((s) => s.ms);
  const [med, slowest] = [median(ms), Math.max(...ms)];

  console.log('');
  console.log(`Chromium ${browser.version()} (${GPU.label}), model ${model}, /draw?backend=${BACKEND}, searched on ${backends.join(', ')}; ${N} warm searches; ${new Date().toISOString().slice(0, 10)}`);
  console.log('Times in the page: start = the search begins (the pen rested 600 ms); shown = the frame painted after data-state="found"; worker = the projector\'s find alone.');
  console.log('');
  console.log('| search | drawing | start → shown | pen up → shown | worker |');
  console.log('|---|---|---:|---:|---:|');
  console.log(row('cold (loads the model, starts the backend)', cold));
  warm.forEach((s, i) => console.log(row(`warm ${i + 1}`, s)));
  console.log(`| **warm, median** | | **${fmt(med)}** | ${fmt(median(warm.map((s) => s.fromPenUp)))} | ${fmt(median(warm.map((s) => s.workerMs)))} |`);
  console.log(`| warm, slowest | | ${fmt(slowest)} | ${fmt(Math.max(...warm.map((s) => s.fromPenUp)))} | ${fmt(Math.max(...warm.map((s) => s.workerMs)))} |`);
  console.log('');

  if (backends.length !== 1 || backends[0] !== asked) {
    console.log(`FAIL: asked for ${asked} first (?backend=${BACKEND}), the page searched on ${backends.join(', ')}: not a measurement on ${asked}`);
    process.exitCode = 1;
  } else if (med > GOAL_MS) {
    console.log(`FAIL: median warm search ${fmt(med)} on ${asked} is over the goal of ${GOAL_MS} ms (slowest ${fmt(slowest)}; cold ${fmt(cold.ms)})`);
    process.exitCode = 1;
  } else {
    console.log(`PASS: median warm search ${fmt(med)} on ${asked} is within the goal of ${GOAL_MS} ms (slowest ${fmt(slowest)}; cold ${fmt(cold.ms)})`);
  }
} finally {
  await browser.close();
  server?.kill();
}
