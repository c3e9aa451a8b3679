/**
 * Seed -> latent, algorithm version 2, "resampled" (RESAMPLE_ALGORITHM_VERSION): importance resampling among K
 * candidates by a calibrated critic (likelihood-free importance weights, Grover et al. 2019). Only for models whose
 * index.json entry lists `resample` ({folder, sha256, bytes, k}, docs/model-folder.md); it ships only with new model
 * ids, so every other model draws with v1 (lib/seeds/seed) as it always did. Pinned by golden values in
 * tests/unit/resample.test.ts; changing anything below changes the symbol of seeds under every resampled model, so a
 * change must be a new version, never an edit of v2.
 *   1. stream    = the seed's v1 stream (lib/seeds/seed seedStream: cyrb128 -> sfc32 -> 53-bit uniforms -> Box-Muller).
 *   2. candidate k (0..K-1) = the stream's next latent of L = latentSize normals: normals [k*L, (k+1)*L) of it; when L
 *                is odd each candidate still takes ceil(L/2) Box-Muller pairs and drops the last normal. Candidate 0
 *                is exactly the v1 latent, so K = 1 is plain v1 generation.
 *   3. u         = the stream's next uniform, in (0, 1).
 *   4. each candidate is drawn UNTRUNCATED, without the sliders' shift, in the seed's OWN style (lib/seeds/style
 *                styleIndexForSeed; never a style the link chose), through the generator (and denoiser) and the
 *                site's clean-up with the model's minStray (lib/render/postprocess fieldToMask): the symbol's final
 *                mask. The critic (the model's critic/ network, lib/model/critic) gives each mask a logit, an estimate
 *                of log(p_real / p_generated).
 *   5. weights   w_k = exp(logit_k - max logit), in float64.
 *   6. chosen    = the smallest k with (w_0 + ... + w_k) / (w_0 + ... + w_{K-1}) > u.
 * The chosen candidate is the seed's latent under this model: the strangeness (truncation psi), the sliders' shift
 * (?e=) and a chosen style (?k=, a morph's ?ka=/?kb=) then apply to it exactly as they apply to the v1 latent of any
 * other model. Latent links (/z/<code>) and Draw to find carry their latents and are never resampled.
 * Numerics: the logits are float32 values read back from TensorFlow.js, and backends (WebGL, wasm, CPU) can differ in
 * their last bits, so a seed whose u falls within that much of a boundary between two candidates may choose
 * differently on two backends, as a pixel within that much of the ink threshold may already be drawn differently.
 * The server and the browser run this same code, so on one backend they agree exactly.
 *
 * Pure: the stream and the choice, no TensorFlow.js (lib/render/seed-latents runs steps 4 to 6 with a generator).
 */
import { requireNormalizedSeed, seedStream } from './seed';

export const RESAMPLE_ALGORITHM_VERSION = 2;
/** The most candidates a model may ask for (index.json `resample.k`): 16 is already 16 generator rows per seed. */
export const RESAMPLE_MAX_K = 16;

/** A seed's draws under a resampled model: its K candidate latents (float32) and the uniform that chooses among them. */
export interface ResampleDraws {
  candidates: Float32Array[];
  u: number;
}

/** Steps 1 to 3 for a (normalized, validated) seed: `k` candidates of `latentSize` normals, then u. */
export function resampleDraws(seed: string, latentSize: number, k: number): ResampleDraws {
  if (!Number.isInteger(latentSize) || latentSize <= 0) throw new Error(`latentSize must be a positive integer, got ${latentSize}.`);
  if (!Number.isInteger(k) || k < 1 || k > RESAMPLE_MAX_K) throw new Error(`A resampled model draws 1 to ${RESAMPLE_MAX_K} candidates, not ${k}.`);
  requireNormalizedSeed(seed, 'resampleDraws');
  const stream = seedStream(seed);
  const candidates = Array.from({ length: k }, () => stream.latent(latentSize));
  return { candidates, u: stream.uniform() };
}

/** Steps 5 and 6: the index of the candidate chosen by `logits` (one per candidate, finite) and `u` in (0, 1). */
export function chooseCandidate(logits: ArrayLike<number>, u: number): number {
  if (logits.length === 0) throw new Error('There are no candidates to choose from.');
  if (!(u > 0 && u < 1)) throw new Error(`The resampling uniform must be in (0, 1), got ${u}.`);
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) {
    const logit = logits[i]!;
    if (!Number.isFinite(logit)) throw new Error(`The critic gave candidate ${i} the logit ${logit}; a logit must be finite.`);
    max = Math.max(max, logit);
  }
  const weights = Array.from(logits, (logit) => Math.exp(logit - max));
  const total = weights.reduce((a, b) => a + b, 0);
  let k = 0;
  let sum = weights[0]!;
  // The last partial sum is the total itself and u < 1, so the last candidate needs no test.
  while (k < weights.length - 1 && sum / total <= u) sum += weights[++k]!;
  return k;
}
