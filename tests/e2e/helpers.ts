import { readFileSync } from 'node:fs';
import path from 'node:path';

import { expect, type BrowserContext, type Page } from '@playwright/test';
import { PNG } from 'pngjs';

import { parseModelIndex, type ModelIndex } from '../../lib/model/model-folder';

/** The shipped index.json (the model id is never hard-coded in tests). */
export function modelIndex(): ModelIndex {
  return parseModelIndex(JSON.parse(readFileSync(path.join(process.cwd(), 'public/models/index.json'), 'utf8')));
}

export const symbol = (page: Page) => page.getByTestId('symbol');

/**
 * The symbol is drawn and the page's scripts run. The server's HTML already shows a ready symbol (its first paint), so
 * "ready" alone could be seen before hydration, when a click or a key press would still go unheard.
 */
export async function waitReady(page: Page): Promise<void> {
  await expect(symbol(page)).toHaveAttribute('data-state', 'ready');
  await expect(symbol(page)).toHaveAttribute('data-interactive', 'true');
}

/**
 * The tag of a test that needs WebGL itself (it asserts the worker drew with it, or compares it with the server):
 * playwright.config runs these in Chromium with SwiftShader and every other test in Chromium without a GPU, where
 * painting a frame costs far less and the worker draws on wasm.
 */
export const WEBGL = { tag: '@webgl' };

/**
 * A symbol page's link that asks for the browser's own drawing: the default backend order pinned with ?backend=, so
 * the server sends no first paint (lib/server/first-paint) and the symbol is the one the browser draws, on the
 * backend it picks (data-backend), for tests that look at the browser's drawing itself.
 */
export function drawnInBrowser(path: string): string {
  return `${path}${path.includes('?') ? '&' : '?'}backend=webgl,wasm,cpu`;
}

/**
 * Makes getContext('webgl'/'webgl2'/'experimental-webgl') return null on HTMLCanvasElement and OffscreenCanvas, as on
 * a machine without WebGL, in whichever global runs it (the page, or the generator's worker, which has no
 * HTMLCanvasElement), once. Chromium still offers WebGL on OffscreenCanvas under --disable-webgl, hence the patch.
 */
const BLOCK_WEBGL = () => {
  const global = globalThis as unknown as { __webglBlocked?: boolean };
  if (global.__webglBlocked) return;
  global.__webglBlocked = true;
  type GetContext = (this: unknown, type: string, ...rest: unknown[]) => unknown;
  const refuse = (proto: { getContext: GetContext }) => {
    const original = proto.getContext;
    proto.getContext = function (type, ...rest) {
      return /webgl/i.test(type) ? null : original.call(this, type, ...rest);
    };
  };
  if (typeof HTMLCanvasElement !== 'undefined') refuse(HTMLCanvasElement.prototype as unknown as { getContext: GetContext });
  if (typeof OffscreenCanvas !== 'undefined') refuse(OffscreenCanvas.prototype as unknown as { getContext: GetContext });
};

/**
 * Keeps every WebGL context made on an OffscreenCanvas in `globalThis.__webglContexts`, so a test can lose the
 * generator's context from inside its worker (Worker.evaluate) with WEBGL_lose_context.
 */
export const RECORD_WEBGL_CONTEXTS = () => {
  const global = globalThis as unknown as { __webglContexts?: WebGLRenderingContext[] };
  if (global.__webglContexts || typeof OffscreenCanvas === 'undefined') return;
  const contexts: WebGLRenderingContext[] = (global.__webglContexts = []);
  type GetContext = (this: unknown, type: string, ...rest: unknown[]) => unknown;
  const proto = OffscreenCanvas.prototype as unknown as { getContext: GetContext };
  const original = proto.getContext;
  proto.getContext = function (type, ...rest) {
    const context = original.call(this, type, ...rest);
    if (context && /webgl/i.test(type)) contexts.push(context as WebGLRenderingContext);
    return context;
  };
};

/**
 * Runs `patch` first thing in every global that loads the site's script chunks: prepended to each chunk the
 * server sends. addInitScript reaches documents only, never workers, and the generator's worker (lib/browser/
 * generator-worker) loads its chunks from /_next/static/ like the page, so this is how a test reaches inside it.
 */
export async function prependToScripts(context: BrowserContext, patch: () => void): Promise<void> {
  await context.route(/\/_next\/static\/.+\.js(\?.*)?$/, async (route) => {
    const response = await route.fetch();
    const headers = response.headers();
    // The body is sent decoded and longer than before.
    delete headers['content-length'];
    delete headers['content-encoding'];
    await route.fulfill({ response, headers, body: `(${patch})();\n${await response.text()}` });
  });
}

/** A browser context without WebGL, in the page (init script) and in the generator's worker (prepended to its scripts). */
export async function blockWebGL(context: BrowserContext): Promise<void> {
  await context.addInitScript(BLOCK_WEBGL);
  await prependToScripts(context, BLOCK_WEBGL);
}

/** Collects Content-Security-Policy violations in the page (add with addInitScript, read with cspViolations). */
export const COLLECT_CSP_VIOLATIONS = () => {
  const w = window as unknown as { __cspViolations: string[] };
  w.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => w.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
};
export const cspViolations = (page: Page) => page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []);

/** Screenshot of the symbol plate, decoded. */
export async function symbolPixels(page: Page): Promise<PNG> {
  const buf = await symbol(page).screenshot({ animations: 'disabled', caret: 'hide' });
  return PNG.sync.read(buf);
}

/**
 * Share of pixels whose RGB differ by at most `tolerance` per channel. Two screenshots of equal boxes may differ by a
 * pixel in size: an element's screenshot rounds a box at a fractional position outwards (a morph's plate sits below a
 * title of fractional height), while Chromium paints the image in it snapped to whole pixels. So a size difference of
 * one pixel is compared at the four alignments of the smaller within the larger and the best counts; anything more is
 * a different picture.
 */
export function pixelAgreement(a: PNG, b: PNG, tolerance = 8): number {
  const [dw, dh] = [a.width - b.width, a.height - b.height];
  expect(Math.abs(dw) <= 1 && Math.abs(dh) <= 1, `sizes ${a.width}x${a.height} and ${b.width}x${b.height}`).toBe(true);
  const [w, h] = [Math.min(a.width, b.width), Math.min(a.height, b.height)];
  let best = 0;
  for (const [ox, oy] of [[0, 0], [1, 0], [0, 1], [1, 1]] as const) {
    // (ox, oy): how far into the larger picture the smaller one starts, in each direction where they differ.
    const [ax, ay] = [dw > 0 ? ox : 0, dh > 0 ? oy : 0];
    const [bx, by] = [dw < 0 ? ox : 0, dh < 0 ? oy : 0];
    let same = 0;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const i = ((y + ay) * a.width + x + ax) * 4;
        const j = ((y + by) * b.width + x + bx) * 4;
        if (
          Math.abs(a.data[i]! - b.data[j]!) <= tolerance &&
          Math.abs(a.data[i + 1]! - b.data[j + 1]!) <= tolerance &&
          Math.abs(a.data[i + 2]! - b.data[j + 2]!) <= tolerance
        )
          same++;
      }
    }
    best = Math.max(best, same / (w * h));
  }
  return best;
}

/** Share of pixels much darker than the plate's most common colour (the ink of the symbol). */
export function inkShare(img: PNG): number {
  const counts = new Map<number, number>();
  for (let o = 0; o < img.data.length; o += 4) {
    const key = (img.data[o]! << 16) | (img.data[o + 1]! << 8) | img.data[o + 2]!;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const bg = [...counts.entries()].sort((x, y) => y[1] - x[1])[0]![0];
  const lum = (r: number, g: number, b: number) => 0.299 * r + 0.587 * g + 0.114 * b;
  const bgLum = lum(bg >> 16, (bg >> 8) & 255, bg & 255);
  let ink = 0;
  for (let o = 0; o < img.data.length; o += 4) if (bgLum - lum(img.data[o]!, img.data[o + 1]!, img.data[o + 2]!) > 80) ink++;
  return ink / (img.width * img.height);
}
