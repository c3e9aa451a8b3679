/**
 * Styles of a conditional model (docs/model-folder.md): which style a seed is drawn in, and the style
 * vectors the generator takes after z (a one-hot, or during a morph a blend of two).
 *
 * Seed -> style index, algorithm version 1 (STYLE_ALGORITHM_VERSION). Pinned by golden values in
 * tests/unit/style.test.ts; changing anything below changes the symbol of most seeds under every
 * conditional model, so a change must be a new version, never an edit of v1.
 *   1. bytes = UTF-8 encoding of "tsdne-style-v1:" followed by the normalized seed.
 *   2. state = cyrb128(bytes), as in lib/seeds/seed.ts. The prefix is the salt: the latent hashes the bare
 *              seed, so the style stream is independent of the latent's and the latent is unchanged.
 *   3. prng  = sfc32(state), first 15 outputs discarded (as lib/seeds/seed.ts does).
 *   4. index = x mod count for the first output x below 2^32 - (2^32 mod count): rejection of the
 *              top partial block makes every style exactly equally likely (a draw is rejected with
 *              probability below count / 2^32, so almost always the first output is used).
 * The index depends only on the seed and the number of styles, not on their ids or order.
 * Without a style choice a conditional model draws seed s in style styleIndexForSeed(s, styles.length),
 * so /s/<seed> shows one symbol forever; a link's `?k=<style-id>` chooses the style instead (drawnStyleIndex).
 */
import { cyrb128, parseSeed, sfc32 } from './seed';

export const STYLE_ALGORITHM_VERSION = 1;

const TWO_POW_32 = 4294967296;

/** The parts of a model (its index.json entry) that say which styles it draws. */
export interface StyledModel {
  readonly id: string;
  readonly styles?: readonly { readonly id: string }[];
}

/** How many styles a model's input takes after z (its index.json `styles`): 0 for an unconditional model. */
export function styleCount(model: { readonly styles?: readonly unknown[] }): number {
  return model.styles?.length ?? 0;
}

/** The style a (normalized, validated) seed is drawn in, in 0..count-1. Throws on an un-normalized seed, like seedToLatent. */
export function styleIndexForSeed(seed: string, count: number, version: number = STYLE_ALGORITHM_VERSION): number {
  if (version !== 1) throw new Error(`Unknown style algorithm version ${version}; known: 1.`);
  if (!Number.isInteger(count) || count < 1 || count > TWO_POW_32) throw new Error(`A style count is a whole number from 1, got ${count}.`);
  const parsed = parseSeed(seed);
  if (!parsed.ok) throw new Error(parsed.error);
  if (parsed.seed !== seed) throw new Error('styleIndexForSeed needs a normalized seed: pass it through parseSeed first.');
  const [a, b, c, d] = cyrb128(new TextEncoder().encode(`tsdne-style-v${version}:${seed}`));
  const next = sfc32(a, b, c, d);
  for (let i = 0; i < 15; i++) next();
  const limit = TWO_POW_32 - (TWO_POW_32 % count);
  for (;;) {
    const x = next();
    if (x < limit) return x % count;
  }
}

/** Why `chosen` cannot be drawn by `model`, naming the styles it has (or saying it has none). */
export function unknownStyleMessage(model: StyledModel, chosen: string): string {
  const shown = chosen.length > 48 ? `${chosen.slice(0, 48)}…` : chosen;
  const styles = model.styles ?? [];
  if (styles.length === 0) return `The model "${model.id}" draws no styles, so it cannot draw the style "${shown}".`;
  return `There is no style "${shown}" in the model "${model.id}". Its styles: ${styles.map((s) => s.id).join(', ')}.`;
}

/**
 * The style index a (normalized, validated) seed is drawn in under a conditional model: the style `chosen` by the
 * link (?k=, a style id of the model), or without one the seed's own (styleIndexForSeed). Throws for an unconditional
 * model or an id the model does not have.
 */
export function drawnStyleIndex(model: StyledModel, seed: string, chosen: string | null = null): number {
  const styles = model.styles ?? [];
  if (styles.length === 0) throw new Error(`The model "${model.id}" draws no styles.`);
  if (chosen === null) return styleIndexForSeed(seed, styles.length);
  const index = styles.findIndex((s) => s.id === chosen);
  if (index < 0) throw new Error(unknownStyleMessage(model, chosen));
  return index;
}

/** The one-hot of style `index` among `count`: Float32Array [count]. */
export function styleOneHot(index: number, count: number): Float32Array {
  if (!Number.isInteger(index) || index < 0 || index >= count) throw new RangeError(`Style ${index} is outside 0..${count - 1}.`);
  const out = new Float32Array(count);
  out[index] = 1;
  return out;
}

/** The style vector of a seed under a model with `count` styles: the one-hot of its own style. */
export function seedStyleVector(seed: string, count: number): Float32Array {
  return styleOneHot(styleIndexForSeed(seed, count), count);
}

/**
 * Linear blend of two style vectors, (1 - t) * a + t * b: during a morph the style moves in a straight
 * line between the two one-hots while z follows its great circle. Exactly a at t = 0 and b at t = 1.
 */
export function blendStyles(a: Float32Array, b: Float32Array, t: number): Float32Array {
  if (a.length !== b.length) throw new Error(`Style vectors differ in length: ${a.length} vs ${b.length}.`);
  if (!Number.isFinite(t) || t < 0 || t > 1) throw new Error(`A style blend needs t between 0 and 1, got ${t}.`);
  return a.map((v, i) => (1 - t) * v + t * b[i]!);
}
