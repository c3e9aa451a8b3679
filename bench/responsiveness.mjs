/**
 * Does the page answer a click while a gallery page is being drawn (issue 12)? In Debian's Chromium against a built site
 * (`npm run build` first), a first visit to /gallery in a fresh context: from the moment the generator is ready and
 * its first page's forward pass starts (no tile ready yet), BENCH_CLICKS trusted clicks on the theme toggle, one every
 * BENCH_INTERVAL_MS, each timed in the page from the click to the frame that shows its effect; and the long tasks
 * (over 50 ms) the main thread ran meanwhile, with their total blocking time. Generation runs in the generator's
 * worker; outline tracing and drawing the tiles run on the main thread, and they are what this watches.
 *
 *   npm run bench:responsiveness     (starts `next start` on port 3320; BENCH_URL=... uses a running server)
 *   BENCH_BACKEND=wasm npm run bench:responsiveness     (pins the backend order with ?backend=, for comparison)
 *
 * Click delay: from the click event's own timestamp (when the input arrived, so time spent queued behind a busy main
 * thread counts) to a task queued from the requestAnimationFrame after the toggle changed <html data-theme>, which runs
 * once that frame has been painted. Every second click switches the theme back. The long tasks come from a
 * PerformanceObserver('longtask') installed before the page's own scripts; those starting within the measurement count,
 * and each adds its time over 50 ms to the total blocking time, as Lighthouse counts it.
 */
import { median, startServer, launchChromium } from './harness.mjs';

const PORT = 3320;
const CLICKS = Number(process.env.BENCH_CLICKS ?? 20);
const INTERVAL_MS = Number(process.env.BENCH_INTERVAL_MS ?? 250);
const BACKEND = process.env.BENCH_BACKEND;
/** How long one click may go unanswered before the run gives up (a busy main thread on software WebGL is slow, not dead). */
const CLICK_TIMEOUT_MS = 30_000;

/** Before the page's scripts: keep every long task the main thread runs, from the start of the page. */
const RECORD_LONG_TASKS = () => {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
};

/**
 * In the page: waits for the next trusted click on the theme toggle and resolves with the milliseconds from that click
 * (the event's timestamp) to the painted frame after the toggle changed <html data-theme>, or null if no click on it was
 * answered within `timeoutMs`. Installed before the click is sent, so the click cannot be missed.
 */
const ARM_CLICK_PROBE = (timeoutMs) => {
  window.__clickProbe = new Promise((resolve) => {
    let clickedAt = null;
    const onClick = (e) => {
      if (e.isTrusted && e.target instanceof Element && e.target.closest('button[aria-label^="Switch to the"]')) clickedAt = e.timeStamp;
    };
    // Capture on window: heard before React's listener on its root runs the toggle's handler.
    window.addEventListener('click', onClick, { capture: true });
    const observer = new MutationObserver(() => {
      if (clickedAt === null) return;
      observer.disconnect();
      window.removeEventListener('click', onClick, { capture: true });
      clearTimeout(timer);
      // requestAnimationFrame runs just before the frame with the new theme is painted; a task queued from it runs after.
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve(performance.now() - clickedAt);
        channel.port2.postMessage(null);
      });
    });
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    const timer = setTimeout(() => {
      observer.disconnect();
      window.removeEventListener('click', onClick, { capture: true });
      resolve(null);
    }, timeoutMs);
  });
};

const readyTiles = () => document.querySelectorAll('[data-testid=gallery-tile][data-state=ready]').length;
const allTiles = () => document.querySelectorAll('[data-testid=gallery-tile]').length;

const { base, server } = await startServer(PORT, { probePath: '/gallery' });

const browser = await launchChromium();
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(RECORD_LONG_TASKS);
  const page = await context.newPage();
  await page.goto(`${base}/gallery${BACKEND ? `?backend=${BACKEND}` : ''}`, { waitUntil: 'domcontentloaded' });

  const toggle = page.getByRole('button', { name: /^Switch to the (dark|light) theme$/ });
  await toggle.waitFor({ timeout: 60_000 });
  const box = await toggle.boundingBox();
  if (!box) throw new Error('the theme toggle has no box on the page');
  const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
  /** One trusted click on the toggle, timed in the page: milliseconds to the painted effect, or null if unanswered. */
  const timedClick = async (timeoutMs) => {
    await page.evaluate(ARM_CLICK_PROBE, timeoutMs);
    await page.mouse.click(x, y);
    return page.evaluate(() => window.__clickProbe);
  };

  // A click before hydration goes unheard: click (untimed) until one is answered, so that every timed one can be.
  for (let i = 0; (await timedClick(2_000)) === null; i++) {
    if (i >= 60) throw new Error('the theme toggle never answered a click: was the page hydrated?');
  }

  // The window opens when the generator is ready and its first forward pass has begun; tiles are drawn from here on.
  await page.waitForFunction(() => ['ready', 'error'].includes(document.querySelector('[data-testid=gallery]')?.dataset.state), null, {
    timeout: 240_000,
    polling: 50,
  });
  if ((await page.getAttribute('[data-testid=gallery]', 'data-state')) === 'error') throw new Error('the gallery could not be drawn');

  const readyAtStart = await page.evaluate(readyTiles);
  const windowStart = await page.evaluate(() => performance.now());
  const clickMs = [];
  for (let i = 0; i < CLICKS; i++) {
    const t = performance.now();
    const ms = await timedClick(CLICK_TIMEOUT_MS);
    if (ms === null) throw new Error(`click ${i + 1} on the theme toggle was not answered within ${CLICK_TIMEOUT_MS / 1000} s`);
    clickMs.push(ms);
    const rest = INTERVAL_MS - (performance.now() - t);
    if (rest > 0) await new Promise((r) => setTimeout(r, rest));
  }
  const windowEnd = await page.evaluate(() => performance.now());
  const [readyAtEnd, tiles] = [await page.evaluate(readyTiles), await page.evaluate(allTiles)];
  const longTasks = (await page.evaluate(() => window.__longTasks)).filter((t) => t.start >= windowStart && t.start < windowEnd);
  const tbtMs = longTasks.reduce((sum, t) => sum + t.duration - 50, 0);
  const longestMs = Math.max(0, ...longTasks.map((t) => t.duration));
  const status = await page
    .getByText(/running on/)
    .textContent({ timeout: 1_000 })
    .catch(() => '(no status line)');

  console.log(`gallery: ${status.replace(/\s+/g, ' ').trim()}`);
  if (readyAtStart > 0) console.log(`note: ${readyAtStart} tiles were ready when the measurement began, so it missed part of the first page's drawing`);
  if (readyAtEnd === readyAtStart) console.log('note: no tile was drawn during the measurement (a slow forward pass?): more clicks, BENCH_CLICKS=..., would reach it');
  console.log(`\nClicks on the theme toggle while the gallery draws, ${CLICKS} every ${INTERVAL_MS} ms (${((windowEnd - windowStart) / 1000).toFixed(1)} s)`);
  console.log('| click → painted, median | click → painted, max | long tasks (> 50 ms) | longest task | total blocking time | tiles ready, start → end |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  console.log(
    `| ${median(clickMs).toFixed(1)} ms | ${Math.max(...clickMs).toFixed(1)} ms | ${longTasks.length} | ${longestMs.toFixed(0)} ms | ` +
      `${Math.round(tbtMs)} ms | ${readyAtStart} → ${readyAtEnd} of ${tiles} |`,
  );
} finally {
  await browser.close();
  server?.kill();
}
