/** Outlines as pixels and as path data: what the downloads, the strip, the GIF and the image API are made of. */
import { describe, expect, it } from 'vitest';

import { parseHexColor, stripImage, symbolImage } from '@/lib/render/image';
import { polygonOutline, scaleOutlines, toPathData, type Outline } from '@/lib/render/outline';
import { traceMask } from '@/lib/render/trace';

import { pathDataOutlines } from '../support/path-data';

/** The middle half of the symbol's square. */
const SQUARE: Outline[] = [
  polygonOutline([
    { x: 256, y: 256 },
    { x: 768, y: 256 },
    { x: 768, y: 768 },
    { x: 256, y: 768 },
  ]),
];

describe('symbolImage', () => {
  it('is one grey channel for black on white: ink 0, paper 255', () => {
    const img = symbolImage(SQUARE, { size: 8 });
    expect(img).toMatchObject({ width: 8, height: 8, channels: 1 });
    expect(img.data[4 * 8 + 4]).toBe(0);
    expect(img.data[0]).toBe(255);
  });

  it('is RGB on a coloured paper and RGBA (ink in the alpha) on none', () => {
    const ink = parseHexColor('#1e1913');
    const rgb = symbolImage(SQUARE, { size: 8, ink, paper: parseHexColor('#f3ead6') });
    expect(rgb.channels).toBe(3);
    expect(Array.from(rgb.data.subarray((4 * 8 + 4) * 3, (4 * 8 + 4) * 3 + 3))).toEqual([0x1e, 0x19, 0x13]);
    expect(Array.from(rgb.data.subarray(0, 3))).toEqual([0xf3, 0xea, 0xd6]);
    const rgba = symbolImage(SQUARE, { size: 8, ink, paper: null });
    expect(rgba.channels).toBe(4);
    expect(rgba.data[(4 * 8 + 4) * 4 + 3]).toBe(255);
    expect(rgba.data[3]).toBe(0);
  });

  it('leaves `padding` of the size empty around the symbol', () => {
    const full = polygonOutline([
      { x: 0, y: 0 },
      { x: 1024, y: 0 },
      { x: 1024, y: 1024 },
      { x: 0, y: 1024 },
    ]);
    const img = symbolImage([full], { size: 10, padding: 0.1 });
    expect(img.data[0]).toBe(255);
    expect(img.data[1 * 10 + 1]).toBe(0);
    expect(img.data[8 * 10 + 8]).toBe(0);
    expect(img.data[9 * 10 + 9]).toBe(255);
  });
});

describe('stripImage', () => {
  it('puts the frames side by side, each the symbol image of its outlines', () => {
    const blank: Outline[] = [];
    const strip = stripImage([SQUARE, blank, SQUARE], 8);
    expect(strip).toMatchObject({ width: 24, height: 8, channels: 1 });
    const single = symbolImage(SQUARE, { size: 8 }).data;
    for (let y = 0; y < 8; y++) {
      expect(Array.from(strip.data.subarray(y * 24, y * 24 + 8))).toEqual(Array.from(single.subarray(y * 8, y * 8 + 8)));
      expect(Array.from(strip.data.subarray(y * 24 + 8, y * 24 + 16))).toEqual(Array(8).fill(255));
      expect(Array.from(strip.data.subarray(y * 24 + 16, y * 24 + 24))).toEqual(Array.from(single.subarray(y * 8, y * 8 + 8)));
    }
  });
});

describe('path data', () => {
  it('says exactly the numbers of the scaled outlines, so a raster of the outlines is a raster of the path', () => {
    const n = 12;
    const mask = new Uint8Array(n * n);
    for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) mask[y * n + x] = Math.hypot(x - 5.5, y - 5.5) < 4.2 && Math.hypot(x - 5.5, y - 5.5) > 1.5 ? 1 : 0;
    const outlines = scaleOutlines(traceMask(mask, n, n), 1024 / n, 1);
    expect(outlines.length).toBe(2);
    expect(pathDataOutlines(toPathData(outlines, 1))).toEqual(outlines);
  });
});
