/**
 * A minimal PNG encoder on node:zlib (no native dependencies): 8-bit grayscale, grayscale+alpha,
 * RGB or RGBA, non-interlaced. Rows use the Up filter, which turns the long identical runs of a
 * symbol image into zeros that deflate to almost nothing.
 */
import { deflateSync } from 'node:zlib';

export type PngChannels = 1 | 2 | 3 | 4;

const COLOR_TYPE: Record<PngChannels, number> = { 1: 0, 2: 4, 3: 2, 4: 6 };
const SIGNATURE = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes: Uint8Array, crc = 0xffffffff): number {
  let c = crc;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return c;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, (crc32(out.subarray(4, 8 + data.length)) ^ 0xffffffff) >>> 0);
  return out;
}

export interface RawImage {
  width: number;
  height: number;
  channels: PngChannels;
  /** width * height * channels bytes, row-major. */
  data: Uint8Array;
}

/** Encode 8-bit pixels as a PNG file. `level` is the zlib level (speed vs size; 6 is zlib's default). */
export function encodePng(image: RawImage, level = 6): Uint8Array<ArrayBuffer> {
  const { width, height, channels, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) throw new Error(`Bad PNG size ${width}x${height}.`);
  const stride = width * channels;
  if (data.length !== stride * height) throw new Error(`PNG data has ${data.length} bytes, expected ${stride * height}.`);

  // Each row: filter byte 2 (Up), then the byte-wise difference to the row above (the first row is its own difference).
  const filtered = new Uint8Array((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    const o = y * (stride + 1);
    const row = y * stride;
    filtered[o] = 2;
    if (y === 0) {
      filtered.set(data.subarray(0, stride), o + 1);
    } else {
      for (let i = 0; i < stride; i++) filtered[o + 1 + i] = (data[row + i]! - data[row - stride + i]!) & 0xff;
    }
  }

  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr[8] = 8; // bit depth
  ihdr[9] = COLOR_TYPE[channels];
  // compression 0, filter method 0, interlace 0

  const parts = [SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(filtered, { level })), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
