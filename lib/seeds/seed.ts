/**
 * Seeds: normalization, validation and the seed -> latent algorithm.
 *
 * A seed is any text of 1 to 64 characters (Unicode code points) after normalization:
 * Unicode NFC, leading/trailing whitespace trimmed, every inner run of whitespace collapsed to one
 * space. Control characters (Unicode category Cc, e.g. NUL, BEL, DEL, C1 controls) and lone
 * surrogates are rejected rather than silently dropped, so a link never maps to a seed its author
 * did not type.
 *
 * Seed -> latent, algorithm version 1 (SEED_ALGORITHM_VERSION). Pinned by golden values in
 * tests/unit/seed.test.ts; changing anything below changes every symbol, so a change must be a
 * new version, never an edit of v1.
 *   1. bytes  = UTF-8 encoding of the normalized seed.
 *   2. state  = cyrb128(bytes): four 32-bit words (the public-domain cyrb128 string hash by bryc,
 *               fed bytes instead of UTF-16 code units).
 *   3. prng   = sfc32(state) (Chris Doty-Humphrey's Small Fast Counter), first 15 outputs discarded.
 *   4. each uniform u in (0, 1) is a 53-bit double from two outputs a, b:
 *               u = ((a >>> 5) * 2^26 + (b >>> 6) + 0.5) / 2^53
 *   5. Box-Muller in float64 on pairs (u1, u2): r = sqrt(-2 ln u1), t = 2 pi u2,
 *               z[2k] = r cos t, z[2k+1] = r sin t
 *   6. the latent is z[0..latentSize) rounded to float32.
 * tf.randomNormal is never used: its output differs across backends and library versions.
 * Math.log/cos/sin are not required to be correctly rounded, but engines agree to the last float64
 * bit or nearly so, and the result is rounded to float32, so latents agree across browsers.
 * Seed -> latent v2, "resampled" (lib/seeds/resample), reads on in the same stream: it is the algorithm of the models
 * whose index.json entry lists `resample` (new model ids only), so it is chosen by the model a link names, never by
 * the link; every other model stays v1.
 */
export const SEED_MAX_LENGTH = 64;
export const SEED_ALGORITHM_VERSION = 1;

/** Cc: C0 controls, DEL and C1 controls. Whitespace controls are collapsed to spaces before this check. */
const CONTROL_CHAR = /\p{Cc}/u;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** JavaScript's \s plus NEL (U+0085), which \s leaves out although Unicode counts it as a space. */
const WHITESPACE_RUN = /[\s\u0085]+/gu;

/** NFC, trim, collapse whitespace. Does not validate. */
export function normalizeSeed(raw: string): string {
  return raw.normalize('NFC').replace(WHITESPACE_RUN, ' ').trim();
}

/** Length in Unicode code points (what a person counts as characters for most scripts). */
function seedLength(seed: string): number {
  return Array.from(seed).length; // a string iterates by code point
}

export type SeedResult = { ok: true; seed: string } | { ok: false; error: string };

/**
 * Normalize and validate an outside seed (route params, the image API, the phrase box): the one check for all of
 * them. Never throws. Plain code rather than a schema, because the phrase box runs it in the browser.
 */
export function parseSeed(raw: unknown): SeedResult {
  if (typeof raw !== 'string') return { ok: false, error: 'A seed must be text.' };
  const seed = normalizeSeed(raw);
  if (seed.length === 0) return { ok: false, error: 'The seed is empty: type a word, a name or a phrase.' };
  const control = CONTROL_CHAR.exec(seed);
  if (control) {
    const cp = control[0].codePointAt(0) ?? 0;
    return { ok: false, error: `The seed contains a control character (U+${cp.toString(16).toUpperCase().padStart(4, '0')}); use printable text only.` };
  }
  if (LONE_SURROGATE.test(seed)) return { ok: false, error: 'The seed contains a broken character (a lone UTF-16 surrogate).' };
  const length = seedLength(seed);
  if (length > SEED_MAX_LENGTH) return { ok: false, error: `The seed is ${length} characters long; the most is ${SEED_MAX_LENGTH}.` };
  return { ok: true, seed };
}

// ---------------------------------------------------------------------------------------------
// v1: cyrb128 -> sfc32 -> Box-Muller

/** cyrb128 over bytes: a fast, well-mixed 128-bit (4 x uint32) non-cryptographic hash. */
export function cyrb128(bytes: Uint8Array): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < bytes.length; i++) {
    const k = bytes[i]!;
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** sfc32: returns uint32 outputs. */
export function sfc32(a: number, b: number, c: number, d: number): () => number {
  return () => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
}

const TWO_POW_26 = 67108864;
const TWO_POW_53 = 9007199254740992;

/**
 * A (normalized) seed's v1 stream: its uniforms (step 4) and the Box-Muller normals drawn from them (step 5). Seed ->
 * latent reads one latent from it; a resampled model (lib/seeds/resample, v2) reads on: more latents, then a uniform.
 */
export interface SeedStream {
  /** The next uniform in (0, 1), from the next two sfc32 outputs. */
  uniform(): number;
  /**
   * The next `size` normals rounded to float32, from the next ceil(size / 2) Box-Muller pairs: an odd size leaves its
   * last pair's second normal unused, so every latent starts on a fresh pair.
   */
  latent(size: number): Float32Array;
}

export function seedStream(seed: string): SeedStream {
  const [a, b, c, d] = cyrb128(new TextEncoder().encode(seed));
  const next = sfc32(a, b, c, d);
  for (let i = 0; i < 15; i++) next();
  const uniform = () => ((next() >>> 5) * TWO_POW_26 + (next() >>> 6) + 0.5) / TWO_POW_53;
  return {
    uniform,
    latent(size) {
      const out = new Float32Array(size);
      for (let i = 0; i < size; i += 2) {
        const r = Math.sqrt(-2 * Math.log(uniform()));
        const t = 2 * Math.PI * uniform();
        out[i] = r * Math.cos(t);
        if (i + 1 < size) out[i + 1] = r * Math.sin(t);
      }
      return out;
    },
  };
}

/** Throws unless `seed` is valid and normalized (parseSeed), so two spellings of one seed can never give two symbols. */
export function requireNormalizedSeed(seed: string, caller: string): void {
  const parsed = parseSeed(seed);
  if (!parsed.ok) throw new Error(parsed.error);
  if (parsed.seed !== seed) throw new Error(`${caller} needs a normalized seed: pass it through parseSeed first.`);
}

/**
 * The latent for a seed: `latentSize` standard normal values as float32.
 * The seed must already be normalized (use parseSeed); an un-normalized seed throws, so two
 * spellings of one seed can never give two symbols.
 */
export function seedToLatent(seed: string, latentSize: number, version: number = SEED_ALGORITHM_VERSION): Float32Array {
  if (version !== 1) throw new Error(`Unknown seed algorithm version ${version}; known: 1.`);
  if (!Number.isInteger(latentSize) || latentSize <= 0) throw new Error(`latentSize must be a positive integer, got ${latentSize}.`);
  requireNormalizedSeed(seed, 'seedToLatent');
  return seedStream(seed).latent(latentSize);
}

// ---------------------------------------------------------------------------------------------
// Random seeds for "Another": pronounceable, so a seed is easy to say and to type.

const CONSONANTS = 'bcdfghjklmnprstvxz';
const VOWELS = 'aeiou';

/** A random seed like "vorakelith": `syllables` consonant-vowel pairs plus a final consonant. */
export function randomSeed(random: (n: number) => number = cryptoRandomInt, syllables = 4): string {
  let s = '';
  for (let i = 0; i < syllables; i++) {
    s += CONSONANTS[random(CONSONANTS.length)]! + VOWELS[random(VOWELS.length)]!;
  }
  return s + CONSONANTS[random(CONSONANTS.length)]!;
}

function cryptoRandomInt(n: number): number {
  const buf = new Uint32Array(1);
  globalThis.crypto.getRandomValues(buf);
  return buf[0]! % n;
}
