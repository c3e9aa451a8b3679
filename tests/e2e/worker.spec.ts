/**
 * Generation runs in the generator's module worker (lib/browser/generator-worker): no script the page itself
 * loads contains TensorFlow.js while the worker's do; without WebGL on both HTMLCanvasElement and OffscreenCanvas
 * the worker draws on wasm, fetched from the versioned folder; a lost WebGL context recovers by itself.
 * Each global (the document, the worker) keeps its own Performance timeline: that is how the scripts each one
 * loaded are told apart. WebGL is refused, and contexts recorded, inside the worker by prepending a patch to the
 * script chunks the server sends (tests/e2e/helpers.ts prependToScripts), since init scripts never reach workers.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { expect, test, type Page, type Worker } from '@playwright/test';

import { blockWebGL, prependToScripts, RECORD_WEBGL_CONTEXTS, symbol, waitReady, WEBGL } from './helpers';

const SEED_URL = `/s/${encodeURIComponent('a sigil for courage')}`;
/** Strings every TensorFlow.js build keeps through minification: tfjs-core's URL flag name and its backend registry's message. */
const TFJS = /tfjsflags|Backend name '/;
const WASM_VERSION: string = JSON.parse(readFileSync(path.join(process.cwd(), 'node_modules/@tensorflow/tfjs-backend-wasm/package.json'), 'utf8')).version;

/** Every URL this global (the page or a worker) fetched, from its own Performance timeline. */
const fetchedHere = () => performance.getEntriesByType('resource').map((entry) => entry.name);
const scripts = (urls: readonly string[]) => urls.filter((url) => new URL(url).pathname.endsWith('.js'));

async function withTfjs(page: Page, urls: readonly string[]): Promise<string[]> {
  const bodies = await Promise.all(urls.map(async (url) => (await page.request.get(url)).text()));
  return urls.filter((_, i) => TFJS.test(bodies[i]!));
}

/** The page's one worker: the generator's. */
function generatorWorker(page: Page): Worker {
  const workers = page.workers();
  expect(workers).toHaveLength(1);
  return workers[0]!;
}

/** Another (Space) on a symbol page, until the new symbol is drawn: a generation in the browser whatever the first paint was. */
async function drawAnother(page: Page): Promise<void> {
  // Ready and hydrated: the server's first paint is ready before the page's scripts could hear the key.
  await waitReady(page);
  const before = await symbol(page).getAttribute('data-seed');
  await page.locator('body').press('Space');
  await expect(symbol(page)).not.toHaveAttribute('data-seed', before!);
  await waitReady(page);
}

test('generation runs in a worker: the scripts of the homepage, a seed page, the gallery and the morph never contain TensorFlow.js, the worker’s do', WEBGL, async ({ page }) => {
  test.setTimeout(600_000);
  const visits: { url: string; drawn: () => Promise<void> }[] = [
    { url: '/', drawn: () => drawAnother(page) },
    { url: SEED_URL, drawn: () => drawAnother(page) },
    // wasm: the gallery's 24 symbols take close to a minute on SwiftShader's WebGL, and the backend is not the point here.
    { url: '/gallery?backend=wasm', drawn: () => expect(page.getByTestId('gallery')).toHaveAttribute('data-num-tensors', /^\d+$/, { timeout: 240_000 }) },
    { url: '/morph/courage/a%20sigil%20for%20fear?backend=wasm', drawn: () => expect(page.getByTestId('morph')).toHaveAttribute('data-backend', 'wasm', { timeout: 240_000 }) },
  ];
  for (const { url, drawn } of visits) {
    await page.goto(url);
    await drawn();
    const pageScripts = scripts(await page.evaluate(fetchedHere));
    const workerScripts = scripts(await generatorWorker(page).evaluate(fetchedHere));
    expect(pageScripts.length, url).toBeGreaterThan(0);
    expect(await withTfjs(page, pageScripts), url).toEqual([]);
    expect((await withTfjs(page, workerScripts)).length, url).toBeGreaterThan(0);
  }
  // On the homepage and seed pages with WebGL at hand, the worker really drew with it (on an OffscreenCanvas).
  await page.goto(SEED_URL);
  await drawAnother(page);
  await expect(symbol(page)).toHaveAttribute('data-backend', 'webgl');
});

test('without WebGL on HTMLCanvasElement and OffscreenCanvas, the worker draws on wasm fetched from the versioned folder', WEBGL, async ({ browser }) => {
  const context = await browser.newContext();
  await blockWebGL(context);
  const page = await context.newPage();
  await page.goto(SEED_URL);
  await drawAnother(page);
  await expect(symbol(page)).toHaveAttribute('data-backend', 'wasm');
  const worker = generatorWorker(page);
  // The refusal reached the worker itself, where Chromium would otherwise offer WebGL on an OffscreenCanvas.
  expect(await worker.evaluate(() => new OffscreenCanvas(1, 1).getContext('webgl2') === null)).toBe(true);
  const wasm = (await worker.evaluate(fetchedHere)).map((url) => new URL(url).pathname).filter((p) => p.endsWith('.wasm'));
  expect(wasm.length).toBeGreaterThan(0);
  for (const file of wasm) expect(file).toMatch(new RegExp(`^/tfjs-wasm/${WASM_VERSION.replaceAll('.', '\\.')}/tfjs-backend-wasm[\\w-]*\\.wasm$`));
  await context.close();
});

test('a lost WebGL context recovers by itself: the page replaces the worker and the next symbol is drawn', WEBGL, async ({ browser }) => {
  const context = await browser.newContext();
  await prependToScripts(context, RECORD_WEBGL_CONTEXTS);
  const page = await context.newPage();
  await page.goto(SEED_URL);
  await drawAnother(page);
  await expect(symbol(page)).toHaveAttribute('data-backend', 'webgl');

  const first = generatorWorker(page);
  const closed = new Promise<void>((resolve) => first.once('close', () => resolve()));
  const lost = await first.evaluate(() =>
    (globalThis as unknown as { __webglContexts: WebGLRenderingContext[] }).__webglContexts.map((gl) => {
      const extension = gl.getExtension('WEBGL_lose_context');
      extension?.loseContext();
      return extension !== null;
    }),
  );
  expect(lost).toContain(true);
  await closed;

  await drawAnother(page);
  await expect(symbol(page)).toHaveAttribute('data-backend', /^(webgl|wasm|cpu)$/);
  expect(generatorWorker(page)).not.toBe(first);
  await context.close();
});
