/**
 * Morph frames: which latent (and style) each frame of a leg between two seeds is, and the order they are
 * generated in. Pure and DOM-free.
 *
 * A leg is MORPH_FRAMES frames; frame i is the generator's image of slerp(zA, zB, t), t = i / (frames - 1), where zA
 * and zB are the seeds' latents under the model (for a resampled model, each seed's chosen candidate),
 * so frame 0 is exactly seed A's symbol and the last frame exactly seed B's (slerp hits its endpoints
 * exactly). Truncation (the strangeness control) scales both endpoint latents first: psi * slerp(a, b)
 * = slerp(psi * a, psi * b), so a truncated morph runs between the truncated symbols.
 * Under a conditional model frame i also takes the style vector (1 - t) * styleA + t * styleB, a straight
 * line between the two ends' one-hots (equal when both ends have one style), again exact at both ends. Each
 * end's style is the one its link chose (?k=, ?ka=, ?kb=), else its seed's own.
 */
import { slerp, truncate } from '../seeds/latent';
import { blendStyles, drawnStyleIndex, type StyledModel } from '../seeds/style';

/** Frames per leg (A to B). A multiple of the batch sizes 8, 16 and 32. */
export const MORPH_FRAMES = 64;
/** Frames generated per forward pass (see bench/RESULTS-morph.md for the choice). */
export const MORPH_BATCH = 16;
/** The interpolation parameter of frame `i`: 0 for the first frame, exactly 1 for the last. */
export function morphT(i: number, frames = MORPH_FRAMES): number {
  if (!Number.isInteger(frames) || frames < 2) throw new Error(`A morph needs at least 2 frames, got ${frames}.`);
  if (!Number.isInteger(i) || i < 0 || i >= frames) throw new Error(`Frame ${i} is outside 0..${frames - 1}.`);
  return i === frames - 1 ? 1 : i / (frames - 1);
}

/**
 * A leg's two ends: the seeds' latents under the model (lib/render/seed-latents, v1 or resampled), truncated by psi.
 * The frames between are slerps of these, never resampled themselves.
 */
export function legEndpoints(za: Float32Array, zb: Float32Array, psi = 1): [Float32Array, Float32Array] {
  return [truncate(za, psi), truncate(zb, psi)];
}

/** The latent of frame `i` of the leg between `za` and `zb` (spherical, not linear, interpolation). */
export function morphLatent(za: Float32Array, zb: Float32Array, i: number, frames = MORPH_FRAMES): Float32Array {
  return slerp(za, zb, morphT(i, frames));
}

/** The style each end of a leg is drawn in, as its link chose it: a style id of the model, or null for the seed's own. */
export type LegStyleChoice = readonly [string | null, string | null];

/** Both ends in their seeds' own styles: a morph link without ?k=, ?ka= or ?kb=. */
export const SEED_STYLES: LegStyleChoice = [null, null];

/** The two ends' style indices under a conditional model: each end's chosen style, else its seed's own (lib/seeds/style). */
export function legStyleIndices(seedA: string, seedB: string, model: StyledModel, chosen: LegStyleChoice = SEED_STYLES): [number, number] {
  return [drawnStyleIndex(model, seedA, chosen[0]), drawnStyleIndex(model, seedB, chosen[1])];
}

/** The style vector of frame `i` of the leg between styles `sa` and `sb` (linear interpolation). */
export function morphStyle(sa: Float32Array, sb: Float32Array, i: number, frames = MORPH_FRAMES): Float32Array {
  return blendStyles(sa, sb, morphT(i, frames));
}

/**
 * The next frames to generate: up to `size` frames that are not ready, in the order playback will
 * need them. From the playhead onwards in its direction first, then the frames behind it (which a
 * loop plays on the way back).
 */
export function nextBatch(ready: readonly boolean[], playhead: number, direction: 1 | -1, size: number): number[] {
  const frames = ready.length;
  const start = Math.max(0, Math.min(frames - 1, Math.round(playhead)));
  const order: number[] = [];
  if (direction === 1) {
    for (let i = start; i < frames; i++) order.push(i);
    for (let i = start - 1; i >= 0; i--) order.push(i);
  } else {
    for (let i = start; i >= 0; i--) order.push(i);
    for (let i = start + 1; i < frames; i++) order.push(i);
  }
  const out: number[] = [];
  for (const i of order) {
    if (!ready[i]) out.push(i);
    if (out.length === size) break;
  }
  return out;
}
