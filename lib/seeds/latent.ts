/**
 * Latent-space helpers for morphing and the gallery's "strangeness" control.
 * Pure float64 maths on Float32Array latents; no TensorFlow.js, so results are the same everywhere.
 */

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

export function norm(a: ArrayLike<number>): number {
  return Math.sqrt(dot(a, a));
}

function checkSameLength(a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length) throw new Error(`Latents differ in length: ${a.length} vs ${b.length}.`);
}

/** Linear interpolation (used by slerp where the arc is degenerate). */
export function lerp(a: Float32Array, b: Float32Array, t: number): Float32Array {
  checkSameLength(a, b);
  const out = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! + (b[i]! - a[i]!) * t;
  return out;
}

/**
 * Spherical interpolation: follows the great circle between the directions of a and b while the
 * norm moves linearly from |a| to |b|. t=0 gives a, t=1 gives b exactly. Identical directions fall
 * back to lerp; exactly opposite directions (no unique great circle) rotate through a fixed
 * direction orthogonal to a, so there is never a NaN.
 */
export function slerp(a: Float32Array, b: Float32Array, t: number): Float32Array {
  checkSameLength(a, b);
  if (!Number.isFinite(t) || t < 0 || t > 1) throw new Error(`slerp needs t between 0 and 1, got ${t}.`);
  if (t === 0) return a.slice();
  if (t === 1) return b.slice();
  const na = norm(a);
  const nb = norm(b);
  if (na === 0 || nb === 0) return lerp(a, b, t);
  const cos = Math.max(-1, Math.min(1, dot(a, b) / (na * nb)));
  const theta = Math.acos(cos);
  // Same direction: the arc is a point, and lerp moves the norm linearly just like the arc would.
  if (theta < 1e-6) return lerp(a, b, t);
  const radius = na + (nb - na) * t;
  const out = new Float32Array(a.length);
  let ua: Float64Array;
  let ub: Float64Array;
  let angle = theta;
  if (Math.PI - theta < 1e-6) {
    // Opposite: pick the unit vector orthogonal to a along the coordinate axis least aligned with it.
    ua = Float64Array.from(a, (v) => v / na);
    let k = 0;
    for (let i = 1; i < a.length; i++) if (Math.abs(ua[i]!) < Math.abs(ua[k]!)) k = i;
    const e = new Float64Array(a.length);
    e[k] = 1;
    const proj = ua[k]!;
    for (let i = 0; i < a.length; i++) e[i] = e[i]! - proj * ua[i]!;
    const ne = norm(e);
    ub = e.map((v) => v / ne);
    // Go a -> ub (quarter turn) -> -a (half turn) over t in [0, 1].
    angle = Math.PI * t;
    for (let i = 0; i < a.length; i++) out[i] = radius * (Math.cos(angle) * ua[i]! + Math.sin(angle) * ub[i]!);
    return out;
  }
  ua = Float64Array.from(a, (v) => v / na);
  ub = Float64Array.from(b, (v) => v / nb);
  const s = Math.sin(theta);
  const wa = Math.sin((1 - t) * angle) / s;
  const wb = Math.sin(t * angle) / s;
  for (let i = 0; i < a.length; i++) out[i] = radius * (wa * ua[i]! + wb * ub[i]!);
  return out;
}

// The strangeness control's range (lib/seeds/truncation), named here too for the modules that use it with the maths.
export { TRUNCATION_DEFAULT, TRUNCATION_MAX, TRUNCATION_MIN } from './truncation';

/**
 * The truncation trick: scale a latent towards the mean by `psi` in [0, 2]. The latent prior is a
 * standard normal, so its mean is the zero vector and truncation is z * psi.
 * psi = 1 leaves it as it is (same array values, new array); smaller is more typical, larger is stranger.
 * Scaling commutes with slerp (both endpoints scaled by psi give the scaled path), so morphs can
 * truncate their endpoints once.
 */
export function truncate(z: Float32Array, psi: number): Float32Array {
  if (!Number.isFinite(psi) || psi < 0 || psi > 2) throw new Error(`Truncation psi must be between 0 and 2, got ${psi}.`);
  return z.map((v) => v * psi);
}
