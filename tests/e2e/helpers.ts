import { readFileSync } from 'node:fs';
import path from 'node:path';

import { expect, type Page } from '@playwright/test';
import { PNG } from 'pngjs';

import { parseModelIndex, type ModelIndex } from '../../lib/model/model-folder';

/** The shipped index.json (the model id is never hard-coded in tests). */
export function modelIndex(): ModelIndex {
  return parseModelIndex(JSON.parse(readFileSync(path.join(process.cwd(), 'public/models/index.json'), 'utf8')));
}

export const symbol = (page: Page) => page.getByTestId('symbol');

export async function waitReady(page: Page): Promise<void> {
  await expect(symbol(page)).toHaveAttribute('data-state', 'ready');
}

/** Makes getContext('webgl'/'webgl2'/'experimental-webgl') return null, as on a machine without WebGL. */
export const BLOCK_WEBGL = () => {
  const original = HTMLCanvasElement.prototype.getContext;
  // @ts-expect-error -- narrowing the overloads is not needed for a test shim
  HTMLCanvasElement.prototype.getContext = function (type: string, ...rest: unknown[]) {
    if (/webgl/i.test(type)) return null;
    // @ts-expect-error -- same as above
    return original.call(this, type, ...rest);
  };
  if (typeof OffscreenCanvas !== 'undefined') {
    const off = OffscreenCanvas.prototype.getContext;
    // @ts-expect-error -- same as above
    OffscreenCanvas.prototype.getContext = function (type: string, ...rest: unknown[]) {
      if (/webgl/i.test(type)) return null;
      // @ts-expect-error -- same as above
      return off.call(this, type, ...rest);
    };
  }
};

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

/** Share of pixels whose RGB differ by at most `tolerance` per channel. */
export function pixelAgreement(a: PNG, b: PNG, tolerance = 8): number {
  expect([a.width, a.height]).toEqual([b.width, b.height]);
  let same = 0;
  const n = a.width * a.height;
  for (let i = 0; i < n; i++) {
    const o = i * 4;
    if (
      Math.abs(a.data[o]! - b.data[o]!) <= tolerance &&
      Math.abs(a.data[o + 1]! - b.data[o + 1]!) <= tolerance &&
      Math.abs(a.data[o + 2]! - b.data[o + 2]!) <= tolerance
    )
      same++;
  }
  return same / n;
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
