/**
 * Seeds -> their latents under a model: the one step every place that draws a seed takes first (lib/render/symbol's
 * renderSeeds, the server's batched generator, the morph's ends), so the browser, the worker and the server resolve a
 * seed alike.
 * - A model without `resample`: seed -> latent v1 (lib/seeds/seed seedToLatent), no forward pass.
 * - A resampled model: seed -> latent v2 (lib/seeds/resample): every seed's K candidates are drawn together, untruncated
 *   and in the seed's own style, through the generator (in passes of at most CANDIDATE_ROWS rows) and the site's
 *   clean-up; the critic scores all the masks in one pass; each seed keeps the candidate its uniform chooses.
 */
import type { SymbolGenerator } from '../model/generator';
import type { ModelEntry } from '../model/model-folder';
import { chooseCandidate, resampleDraws } from '../seeds/resample';
import { seedToLatent } from '../seeds/seed';
import { seedStyleVector, styleCount } from '../seeds/style';
import { fieldToMask } from './postprocess';

/**
 * The most candidate rows in one forward pass: a gallery page (24 seeds) at K = 2, or 4 seeds at K = 16, while the
 * pass's largest activations (a 64 px model's last layers) stay near 30 MB.
 */
export const CANDIDATE_ROWS = 64;

/** A seed's latent under a model, and for a resampled model the mask its chosen candidate was drawn as. */
export interface SeedLatent {
  /** z, before the strangeness, the sliders and a chosen style apply to it. */
  latent: Float32Array;
  /**
   * The chosen candidate's final mask (resolution^2, 1 = ink): the symbol itself when it is asked for untruncated,
   * unmoved and in the seed's own style (lib/render/symbol candidateShape). null for a model without `resample`.
   */
  mask: Uint8Array | null;
  /** The field that mask was cut from (a `subpixel` model traces along it); null for a model without `resample`. */
  field: Float32Array | null;
}

/** Seed -> latent v1 for each seed, for a model without `resample`: no forward pass, so nothing to wait for. */
export function plainSeedLatents(model: Pick<ModelEntry, 'latentSize'>, seeds: readonly string[]): SeedLatent[] {
  return seeds.map((seed) => ({ latent: seedToLatent(seed, model.latentSize), mask: null, field: null }));
}

/** The (normalized, validated) seeds' latents under `generator`'s model, in order. */
export async function seedLatents(generator: SymbolGenerator, seeds: readonly string[]): Promise<SeedLatent[]> {
  const { model } = generator;
  if (!model.resample) return plainSeedLatents(model, seeds);
  const k = model.resample.k;
  const draws = seeds.map((seed) => resampleDraws(seed, model.latentSize, k));
  const latents = draws.flatMap((d) => d.candidates);
  const count = styleCount(model);
  // Each candidate in its seed's own style, whatever style the symbol is then asked in.
  const styles = count > 0 ? seeds.flatMap((seed) => Array<Float32Array>(k).fill(seedStyleVector(seed, count))) : undefined;
  const masks: Uint8Array[] = [];
  const fields: Float32Array[] = [];
  for (let start = 0; start < latents.length; start += CANDIDATE_ROWS) {
    const end = start + CANDIDATE_ROWS;
    for (const field of await generator.generate(latents.slice(start, end), styles?.slice(start, end))) {
      masks.push(fieldToMask(field, model.resolution, { minStray: model.minStray }));
      fields.push(field);
    }
  }
  const logits = await generator.critique(masks);
  if (logits.length !== masks.length) throw new Error(`The critic of "${model.id}" gave ${logits.length} logits for ${masks.length} masks.`);
  return draws.map((d, i) => {
    const chosen = i * k + chooseCandidate(logits.subarray(i * k, (i + 1) * k), d.u);
    return { latent: latents[chosen]!, mask: masks[chosen]!, field: fields[chosen]! };
  });
}
