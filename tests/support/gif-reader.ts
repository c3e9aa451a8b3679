/**
 * A strict GIF structure reader for tests (unit and end-to-end): walks header, logical screen
 * descriptor, colour tables and every block up to the trailer, and fails on anything malformed.
 * It counts frames by image descriptors (0x2C); it does not decode LZW pixel data.
 */
export interface GifInfo {
  version: 'GIF87a' | 'GIF89a';
  width: number;
  height: number;
  globalColors: number;
  /** One entry per image descriptor, in order. */
  frames: { left: number; top: number; width: number; height: number; delayMs: number | null; lzwMinCodeSize: number; dataBytes: number }[];
  /** Netscape looping count (0 = forever), or null without the extension. */
  loopCount: number | null;
}

export function readGif(bytes: Uint8Array): GifInfo {
  let p = 0;
  const fail = (why: string): never => {
    throw new Error(`Not a valid GIF at byte ${p}: ${why}`);
  };
  const need = (n: number) => {
    if (p + n > bytes.length) fail(`needs ${n} more bytes, the file ends at ${bytes.length}`);
  };
  const u8 = () => {
    need(1);
    return bytes[p++]!;
  };
  const u16 = () => {
    need(2);
    const v = bytes[p]! | (bytes[p + 1]! << 8);
    p += 2;
    return v;
  };
  /** Data sub-blocks up to the zero-length terminator; returns the payload size. */
  const subBlocks = () => {
    let total = 0;
    for (;;) {
      const n = u8();
      if (n === 0) return total;
      need(n);
      p += n;
      total += n;
    }
  };

  need(6);
  const version = String.fromCharCode(...bytes.subarray(0, 6));
  if (version !== 'GIF87a' && version !== 'GIF89a') fail(`bad signature "${version}"`);
  p = 6;
  const width = u16();
  const height = u16();
  const packed = u8();
  u8(); // background colour index
  u8(); // pixel aspect ratio
  const globalColors = packed & 0x80 ? 1 << ((packed & 7) + 1) : 0;
  need(globalColors * 3);
  p += globalColors * 3;

  const frames: GifInfo['frames'] = [];
  let pendingDelay: number | null = null;
  let loopCount: number | null = null;
  for (;;) {
    const introducer = u8();
    if (introducer === 0x3b) break; // trailer
    if (introducer === 0x21) {
      const label = u8();
      if (label === 0xf9) {
        if (u8() !== 4) fail('graphic control extension of the wrong size');
        u8();
        pendingDelay = u16() * 10;
        u8();
        if (u8() !== 0) fail('graphic control extension without terminator');
      } else if (label === 0xff) {
        const size = u8();
        need(size);
        const app = String.fromCharCode(...bytes.subarray(p, p + size));
        p += size;
        if (app === 'NETSCAPE2.0') {
          const n = u8();
          need(n);
          if (n >= 3 && bytes[p] === 1) loopCount = bytes[p + 1]! | (bytes[p + 2]! << 8);
          p += n;
        }
        subBlocks();
      } else {
        subBlocks();
      }
      continue;
    }
    if (introducer !== 0x2c) fail(`unknown block introducer 0x${introducer.toString(16)}`);
    const left = u16();
    const top = u16();
    const w = u16();
    const h = u16();
    const fpacked = u8();
    if (left + w > width || top + h > height) fail('frame outside the logical screen');
    if (fpacked & 0x80) {
      const local = 1 << ((fpacked & 7) + 1);
      need(local * 3);
      p += local * 3;
    } else if (!globalColors) fail('frame without any colour table');
    const lzwMinCodeSize = u8();
    if (lzwMinCodeSize < 2 || lzwMinCodeSize > 8) fail(`LZW minimum code size ${lzwMinCodeSize}`);
    const dataBytes = subBlocks();
    if (dataBytes === 0) fail('frame without image data');
    frames.push({ left, top, width: w, height: h, delayMs: pendingDelay, lzwMinCodeSize, dataBytes });
    pendingDelay = null;
  }
  if (p !== bytes.length) fail(`${bytes.length - p} bytes after the trailer`);
  if (frames.length === 0) fail('no frames');
  return { version: version as GifInfo['version'], width, height, globalColors, frames, loopCount };
}
