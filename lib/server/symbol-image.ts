/**
 * A symbol's outline as image files on the server. The PNG is drawn from the traced vector path
 * (lib/trace, the same path the site shows and puts in its SVG download), filled even-odd with
 * exact-coverage anti-aliasing at the requested size: sharp at any size, never an upscaled bitmap.
 */
import { flattenPathData, rasterizeCoverage } from '../raster';
import { SYMBOL_VIEWBOX, symbolSvg, type RenderedSymbol } from '../symbol';
import { encodePng } from './png';

export type Rgb = readonly [number, number, number];

export interface SymbolPngOptions {
  /** Width and height in pixels. */
  size: number;
  /** Ink colour (default black). */
  ink?: Rgb;
  /** Paper colour; null = transparent (default white). */
  paper?: Rgb | null;
  /** Empty margin around the symbol's square, as a share of `size` (default 0: the square fills the image, like the site's download). */
  padding?: number;
}

/** Ink coverage 0..255 of a `size` x `size` image, the symbol's 0..SYMBOL_VIEWBOX square scaled into it (with `padding`). */
export function symbolCoverage(pathData: string, size: number, padding = 0): Uint8Array {
  const inner = size * (1 - 2 * padding);
  const offset = size * padding;
  const polys = flattenPathData(pathData).map((p) => ({
    xs: p.xs.map((x) => (x / SYMBOL_VIEWBOX) * inner + offset),
    ys: p.ys.map((y) => (y / SYMBOL_VIEWBOX) * inner + offset),
  }));
  return rasterizeCoverage(polys, size, size, 1, 4);
}

export function parseHexColor(hex: string): Rgb {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`Not a #rrggbb colour: ${hex}`);
  return [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)];
}

const BLACK: Rgb = [0, 0, 0];
const WHITE: Rgb = [255, 255, 255];

export function symbolPng(symbol: Pick<RenderedSymbol, 'pathData'>, options: SymbolPngOptions): Uint8Array<ArrayBuffer> {
  const { size, ink = BLACK, paper = WHITE, padding = 0 } = options;
  const cov = symbolCoverage(symbol.pathData, size, padding);
  const n = size * size;
  const gray = ink[0] === ink[1] && ink[1] === ink[2] && (!paper || (paper[0] === paper[1] && paper[1] === paper[2]));
  if (paper && gray) {
    // 1 channel: the image API's black on white.
    const lut = Uint8Array.from({ length: 256 }, (_, c) => Math.round(paper[0] + ((ink[0] - paper[0]) * c) / 255));
    const data = new Uint8Array(n);
    for (let i = 0; i < n; i++) data[i] = lut[cov[i]!]!;
    return encodePng({ width: size, height: size, channels: 1, data });
  }
  if (paper) {
    const data = new Uint8Array(n * 3);
    for (let i = 0; i < n; i++) {
      const a = cov[i]! / 255;
      for (let c = 0; c < 3; c++) data[i * 3 + c] = Math.round(paper[c]! + (ink[c]! - paper[c]!) * a);
    }
    return encodePng({ width: size, height: size, channels: 3, data });
  }
  const data = new Uint8Array(n * 4);
  for (let i = 0; i < n; i++) {
    data[i * 4] = ink[0];
    data[i * 4 + 1] = ink[1];
    data[i * 4 + 2] = ink[2];
    data[i * 4 + 3] = cov[i]!;
  }
  return encodePng({ width: size, height: size, channels: 4, data });
}

/** The SVG file: byte for byte the site's SVG download (lib/symbol.symbolSvg). */
export function symbolSvgFile(symbol: Pick<RenderedSymbol, 'pathData' | 'seed' | 'modelId'>): string {
  return symbolSvg(symbol);
}
