/**
 * 1-bit masks as nearest.json packs them (docs/model-folder.md, like real-symbols.json's bitmaps): row-major, most
 * significant bit first, 1 = ink; a resolution x resolution mask takes resolution^2 / 8 bytes.
 */

/** The bytes of one packed mask. */
export function packedMaskBytes(resolution: number): number {
  return (resolution * resolution) / 8;
}

/** `bytes` from `offset` -> a mask of resolution^2 values, 1 = ink. */
export function unpackMask(bytes: Uint8Array, resolution: number, offset = 0): Uint8Array {
  const mask = new Uint8Array(resolution * resolution);
  for (let i = 0; i < mask.length; i++) mask[i] = (bytes[offset + (i >> 3)]! >> (7 - (i & 7))) & 1;
  return mask;
}

/** A mask (non-zero = ink) -> its packed bytes. */
export function packMask(mask: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(Math.ceil(mask.length / 8));
  for (let i = 0; i < mask.length; i++) if (mask[i]) out[i >> 3]! |= 0x80 >> (i & 7);
  return out;
}
