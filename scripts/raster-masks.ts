/**
 * Masks -> the symbols as the site draws them, at another size (issue 28: the C2ST and the blind sheet at the
 * page's scale). Each mask goes through the site's own code: symbolFromField (lib/render/symbol: despeckle, trace,
 * outlines in the 1024-unit viewBox with the page's decimals) and symbolCoverage (lib/render/image: the one
 * rasterizer, as the image API and the download fill them). A pixel is ink when the outline covers at least half
 * of it, the threshold a real image's grey gets in training/pixels.py (value < 0, i.e. under 127.5 of 255).
 *
 *   node --import tsx scripts/raster-masks.ts IN.npy OUT.npy [--size 128] [--coverage] [--subpixel]
 *
 * IN: a .npy of bool or uint8 [N, R, R] masks, 1 = ink (training/page_scale.py writes the masks the site draws at
 * the model's resolution), or of float32 [N, R, R] fields (the generator's output after the site's clean-up, ink < 0)
 * for a model whose outlines follow the field's sub-pixel edge: with --subpixel they are traced as such a model's
 * (lib/render/symbol's `subpixel`). OUT: uint8 [N, size, size], 1 = ink, or with --coverage the ink coverage 0..255.
 * A mask that is already despeckled passes symbolFromField's despeckle unchanged (it is idempotent), so the
 * outlines are those the site traces from the same generator output.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

import { symbolCoverage } from '../lib/render/image';
import { symbolFromField } from '../lib/render/symbol';

/** N masks of height x width, row-major, one byte per pixel. */
export interface MaskStack {
  count: number;
  height: number;
  width: number;
  data: Uint8Array;
}

/** N masks (bytes, 1 = ink) or fields (float32, ink < 0) of height x width, row-major. */
export interface InputStack extends Omit<MaskStack, 'data'> {
  data: Uint8Array | Float32Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** A C-order .npy of dtype bool, uint8 or little-endian float32 and shape [N, H, W] (numpy's np.save, format 1.0 to 3.0). */
export function readNpy(bytes: Uint8Array): InputStack {
  if (!MAGIC.every((b, i) => bytes[i] === b)) throw new Error('not a .npy file');
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  const header = new TextDecoder('latin1').decode(bytes.subarray(start, start + headerLength));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  if (descr !== '|b1' && descr !== '|u1' && descr !== '<f4') throw new Error(`.npy dtype must be bool, uint8 or float32, got ${descr}`);
  if (/'fortran_order':\s*True/.test(header)) throw new Error('.npy must be C order');
  const shape = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1]?.split(',').map((s) => s.trim()).filter(Boolean).map(Number) ?? [];
  if (shape.length !== 3) throw new Error(`.npy shape must be [N, H, W], got [${shape.join(', ')}]`);
  const [count, height, width] = shape as [number, number, number];
  const itemBytes = descr === '<f4' ? 4 : 1;
  // A copy into a fresh buffer (a Buffer's slice would be a view), aligned for float32 to view it directly.
  const body = new Uint8Array(bytes.subarray(start + headerLength, start + headerLength + count * height * width * itemBytes));
  if (body.length !== count * height * width * itemBytes) throw new Error('.npy data is shorter than its shape');
  const data = itemBytes === 4 ? new Float32Array(body.buffer, 0, count * height * width) : body;
  return { count, height, width, data };
}

/** A uint8 [N, H, W] .npy (format 1.0), readable by numpy.load. */
export function writeNpy(stack: MaskStack): Uint8Array {
  let header = `{'descr': '|u1', 'fortran_order': False, 'shape': (${stack.count}, ${stack.height}, ${stack.width}), }`;
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + stack.data.length);
  out.set(MAGIC);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  out.set(stack.data, 10 + header.length);
  return out;
}

/**
 * One square mask (1 = ink) or field (ink < 0) -> the site's drawing of it at `size` px: 1 = ink (coverage >= 128), or
 * the coverage. A field with `subpixel` is traced along its edge, as a `subpixel` model's symbols are.
 */
export function pageRaster(input: Uint8Array | Float32Array, resolution: number, size: number, coverage = false, subpixel = false): Uint8Array {
  let field = input;
  if (input instanceof Uint8Array) {
    field = new Float32Array(input.length);
    for (let i = 0; i < input.length; i++) field[i] = input[i] ? -1 : 1;
  }
  const cov = symbolCoverage(symbolFromField(field as Float32Array, resolution, { subpixel }).outlines, size);
  if (coverage) return cov;
  const ink = new Uint8Array(cov.length);
  for (let i = 0; i < cov.length; i++) ink[i] = cov[i]! >= 128 ? 1 : 0;
  return ink;
}

/** Every mask (or field) of a stack drawn at `size` px. */
export function rasterStack(stack: InputStack, size: number, coverage = false, subpixel = false): MaskStack {
  if (stack.height !== stack.width) throw new Error(`masks must be square, got ${stack.height}x${stack.width}`);
  if (subpixel && !(stack.data instanceof Float32Array)) throw new Error('--subpixel traces fields: give a float32 .npy');
  const n = stack.height * stack.width;
  const data = new Uint8Array(stack.count * size * size);
  for (let k = 0; k < stack.count; k++) {
    data.set(pageRaster(stack.data.subarray(k * n, (k + 1) * n), stack.width, size, coverage, subpixel), k * size * size);
  }
  return { count: stack.count, height: size, width: size, data };
}

function main(args: string[]): void {
  const [input, output] = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--size');
  const sizeAt = args.indexOf('--size');
  const size = sizeAt >= 0 ? Number(args[sizeAt + 1]) : 128;
  if (!input || !output || !Number.isInteger(size) || size < 1 || size > 4096) {
    throw new Error('usage: node --import tsx scripts/raster-masks.ts IN.npy OUT.npy [--size 128] [--coverage] [--subpixel]');
  }
  const stack = readNpy(readFileSync(input));
  writeFileSync(output, writeNpy(rasterStack(stack, size, args.includes('--coverage'), args.includes('--subpixel'))));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    console.error(`raster-masks: ${(e as Error).message}`);
    process.exit(2);
  }
}
