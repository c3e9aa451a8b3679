/**
 * A symbol's outlines as pixels, ready for a PNG encoder: the image API's and the download's black on
 * white, the share card's transparent ink, the app icons' ink on parchment, the morph's strip of frames.
 * Drawn from the vector outlines by the one rasterizer (lib/render/raster) at the size asked for: sharp
 * at any size, never an upscaled bitmap. Encoding is the platform's: node:zlib on the server
 * (lib/server/png), the canvas in the browser (lib/browser/download).
 */
import type { Outline } from './outline';
import { rasterizeOutlines } from './raster';
import { SYMBOL_VIEWBOX } from './symbol';

export type Rgb = readonly [number, number, number];
export type Channels = 1 | 2 | 3 | 4;

/** 8-bit pixels: grey, grey+alpha, RGB or RGBA. */
export interface RawImage {
  width: number;
  height: number;
  channels: Channels;
  /** width * height * channels bytes, row-major. */
  data: Uint8Array;
}

export interface SymbolImageOptions {
  /** Width and height in pixels. */
  size: number;
  /** Ink colour (default black). */
  ink?: Rgb;
  /** Paper colour; null = transparent (default white). */
  paper?: Rgb | null;
  /** Empty margin around the symbol's square, as a share of `size` (default 0: the square fills the image, like the site's download). */
  padding?: number;
}

export function parseHexColor(hex: string): Rgb {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`Not a #rrggbb colour: ${hex}`);
  return [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)];
}

const BLACK: Rgb = [0, 0, 0];
const WHITE: Rgb = [255, 255, 255];

/** Ink coverage 0..255 of a `size` x `size` image, the symbol's 0..SYMBOL_VIEWBOX square scaled into it (with `padding`). */
export function symbolCoverage(outlines: readonly Outline[], size: number, padding = 0): Uint8Array {
  const inner = size * (1 - 2 * padding);
  return rasterizeOutlines(outlines, size, size, { scale: inner / SYMBOL_VIEWBOX, offset: size * padding });
}

/** The symbol in its colours: one grey channel when ink and paper are greys, RGB on a coloured paper, RGBA on none. */
export function symbolImage(outlines: readonly Outline[], options: SymbolImageOptions): RawImage {
  const { size, ink = BLACK, paper = WHITE, padding = 0 } = options;
  const cov = symbolCoverage(outlines, size, padding);
  const n = size * size;
  const gray = ink[0] === ink[1] && ink[1] === ink[2] && (!paper || (paper[0] === paper[1] && paper[1] === paper[2]));
  if (paper && gray) {
    const lut = Uint8Array.from({ length: 256 }, (_, c) => Math.round(paper[0] + ((ink[0] - paper[0]) * c) / 255));
    const data = new Uint8Array(n);
    for (let i = 0; i < n; i++) data[i] = lut[cov[i]!]!;
    return { width: size, height: size, channels: 1, data };
  }
  if (paper) {
    const data = new Uint8Array(n * 3);
    for (let i = 0; i < n; i++) {
      const a = cov[i]! / 255;
      for (let c = 0; c < 3; c++) data[i * 3 + c] = Math.round(paper[c]! + (ink[c]! - paper[c]!) * a);
    }
    return { width: size, height: size, channels: 3, data };
  }
  const data = new Uint8Array(n * 4);
  for (let i = 0; i < n; i++) {
    data[i * 4] = ink[0];
    data[i * 4 + 1] = ink[1];
    data[i * 4 + 2] = ink[2];
    data[i * 4 + 3] = cov[i]!;
  }
  return { width: size, height: size, channels: 4, data };
}

/** Symbols side by side, each `size` x `size`, black ink on white, as one grey image (the morph's PNG strip). */
export function stripImage(frames: readonly (readonly Outline[])[], size: number): RawImage {
  const width = size * frames.length;
  const data = new Uint8Array(width * size);
  frames.forEach((outlines, k) => {
    const tile = symbolImage(outlines, { size }).data;
    for (let y = 0; y < size; y++) data.set(tile.subarray(y * size, (y + 1) * size), y * width + k * size);
  });
  return { width, height: size, channels: 1, data };
}
