/**
 * IEEE 754 binary16 ("half") <-> number, written by hand rather than with Math.f16round or a Float16Array: a latent
 * link's symbol is defined by the halves its code holds, so the browser, Node and training must turn a float into
 * the same 16 bits everywhere, and those built-ins are not in every runtime the site supports. Rounding is to nearest,
 * ties to even, as numpy's float16 does (training/tests cross-check it).
 */

const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);

/** The 16 bits of the half nearest to `value` (after rounding it to float32, as the network sees it). */
export function toHalfBits(value: number): number {
  F32[0] = value;
  const x = U32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  const mantissa = x & 0x7fffff;
  // Infinity and NaN keep their kind (a NaN keeps a quiet bit so it stays a NaN).
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0);
  const e = exponent - 127 + 15;
  // Past the largest half (65504, after rounding): infinity.
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    // A subnormal half (or zero): the implicit 1 joins the mantissa, shifted down to units of 2^-24.
    const shift = 14 - e;
    if (shift > 24) return sign;
    const m = mantissa | 0x800000;
    const half = m >>> shift;
    const rest = m & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    return sign | (half + (rest > halfway || (rest === halfway && half & 1) ? 1 : 0));
  }
  const half = (e << 10) | (mantissa >>> 13);
  const rest = mantissa & 0x1fff;
  // A carry out of the mantissa moves into the exponent, which is exactly the next half up (or infinity).
  return sign | (half + (rest > 0x1000 || (rest === 0x1000 && half & 1) ? 1 : 0));
}

/** The value of 16 half bits (exact: every half is a float32). */
export function fromHalfBits(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const e = (bits >>> 10) & 0x1f;
  const m = bits & 0x3ff;
  if (e === 0) return sign * m * 2 ** -24;
  if (e === 0x1f) return m ? NaN : sign * Infinity;
  return sign * (1 + m / 1024) * 2 ** (e - 15);
}

/** The largest finite half. */
export const HALF_MAX = 65504;
