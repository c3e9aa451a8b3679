import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { symbolCoverage } from '@/lib/render/image';
import { symbolFromField } from '@/lib/render/symbol';

import { pageRaster, rasterStack, readNpy, writeNpy } from '../../scripts/raster-masks';

const FIXTURE = join(__dirname, '../fixtures/page-raster');

/** The site's drawing of a mask at `size` px, called here straight from lib/render: trace, fill, half coverage = ink. */
function siteDrawing(mask: Uint8Array, resolution: number, size: number): Uint8Array {
  const field = Float32Array.from(mask, (v) => (v ? -1 : 1));
  return symbolCoverage(symbolFromField(field, resolution).outlines, size).map((c) => (c >= 128 ? 1 : 0));
}

/** The same for a `subpixel` model's field: its outline follows the field's edge. */
function subpixelDrawing(field: Float32Array, resolution: number, size: number): Uint8Array {
  return symbolCoverage(symbolFromField(field, resolution, { subpixel: true }).outlines, size).map((c) => (c >= 128 ? 1 : 0));
}

describe('scripts/raster-masks (the page-scale C2ST and blind sheet draw through it)', () => {
  const masks = readNpy(readFileSync(join(FIXTURE, 'masks.npy')));
  const golden = readNpy(readFileSync(join(FIXTURE, 'page-128.npy')));

  it('draws each mask exactly as lib/render does, and the golden file training/tests replays is that drawing', () => {
    expect([masks.count, masks.height, golden.height]).toEqual([4, 64, 128]);
    const n = 64 * 64;
    for (let k = 0; k < masks.count; k++) {
      const mask = masks.data.subarray(k * n, (k + 1) * n) as Uint8Array;
      const direct = siteDrawing(mask, 64, 128);
      expect(pageRaster(mask, 64, 128)).toEqual(direct);
      expect(golden.data.subarray(k * 128 * 128, (k + 1) * 128 * 128)).toEqual(direct);
    }
  });

  it("draws a subpixel model's fields as lib/render does, and the golden file training/tests replays is that drawing", () => {
    const fields = readNpy(readFileSync(join(FIXTURE, 'fields.npy')));
    const subGolden = readNpy(readFileSync(join(FIXTURE, 'page-128-subpixel.npy')));
    expect(fields.data).toBeInstanceOf(Float32Array);
    const n = 64 * 64;
    const drawn = rasterStack(fields, 128, false, true);
    expect(drawn).toEqual(subGolden);
    for (let k = 0; k < fields.count; k++) {
      const field = fields.data.subarray(k * n, (k + 1) * n) as Float32Array;
      const direct = subpixelDrawing(field, 64, 128);
      expect(drawn.data.subarray(k * 128 * 128, (k + 1) * 128 * 128)).toEqual(direct);
      // Along the edge, not through the crack midpoints: the same symbol, drawn differently at 128 px.
      const cracks = pageRaster(Uint8Array.from(field, (v) => (v < 0 ? 1 : 0)), 64, 128);
      expect(direct).not.toEqual(cracks);
    }
    expect(() => rasterStack(masks, 128, false, true)).toThrow('--subpixel traces fields');
  });

  it('writes the same drawing from the command line, as a .npy numpy reads', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'page-raster-')), 'out.npy');
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/raster-masks.ts', join(FIXTURE, 'masks.npy'), out, '--size', '128']);
    const written = readFileSync(out);
    expect(written.subarray(0, 6).toString('latin1')).toBe('\x93NUMPY');
    expect((written[8]! + 256 * written[9]! + 10) % 64).toBe(0); // numpy aligns the data to 64 bytes
    expect(readNpy(written)).toEqual(golden);
  });

  it('round-trips .npy and rejects what it cannot read', () => {
    const stack = rasterStack(masks, 32, true);
    expect(readNpy(writeNpy(stack))).toEqual(stack);
    expect(Math.max(...stack.data)).toBe(255);
    expect(() => readNpy(new Uint8Array(16))).toThrow('not a .npy');
  });
});
