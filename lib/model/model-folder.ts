/**
 * The model folder contract (docs/model-folder.md), read side: schemas for index.json, golden.json,
 * model-card.json and model.json, and model-id resolution. Pure: no fetch, no fs (see
 * lib/server/model-files.ts for Node and lib/browser/model-source.ts for the browser).
 */
import * as z from 'zod/mini';

import '../zod-config';
import { RESAMPLE_MAX_K } from '../seeds/resample';

/** `<name>-<resolution>-<yyyymmdd>[-<n>]`, lowercase [a-z0-9-], at most 48 characters. */
export const modelIdSchema = z.string().check(
  z.maxLength(48, 'A model id has at most 48 characters.'),
  z.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'A model id uses only lowercase letters, digits and single hyphens.'),
);

const positiveInt = (max: number) => z.number().check(z.int(), z.positive(), z.maximum(max));

/** A style id: lowercase `[a-z][a-z0-9-]*`, as the exporter writes it. */
const styleIdSchema = z.string().check(
  z.maxLength(48, 'A style id has at most 48 characters.'),
  z.regex(/^[a-z][a-z0-9-]*$/, 'A style id starts with a lowercase letter and uses only lowercase letters, digits and hyphens.'),
);

/** `label` is for people (a style picker, the model card). */
const modelStyleSchema = z.object({ id: styleIdSchema, label: z.string().check(z.minLength(1)) });

/**
 * A conditional model's styles, in one-hot order (docs/model-folder.md): ids unique, and at least two, since a
 * one-hot of length 1 is the same constant for every symbol and says nothing.
 */
const stylesSchema = z.array(modelStyleSchema).check(
  z.minLength(2, 'A conditional model has at least 2 styles.'),
  z.superRefine((styles, ctx) => {
    const seen = new Set<string>();
    for (const { id } of styles) {
      if (seen.has(id)) ctx.issues.push({ code: 'custom', input: styles, message: `The style id "${id}" appears twice.` });
      seen.add(id);
    }
  }),
);

const sha256Schema = z.pipe(
  z.string().check(z.regex(/^[0-9a-f]{64}$/i, 'sha256 must be 64 hex digits.')),
  z.transform((s: string) => s.toLowerCase()),
);

/** real-symbols.json: held-out real symbols for "Which one is real?", with their own hash (not part of the model's). */
const realSymbolsSchema = z.object({
  file: z.literal('real-symbols.json'),
  sha256: sha256Schema,
  bytes: z.number().check(z.int(), z.positive()),
  count: positiveInt(100_000),
});

/**
 * nearest.json: the index of the model's training glyphs for "Does it exist?" (lib/nearest), with its own hash (not
 * part of the model's). Older models have none: the site then says the check is not available for them.
 */
const nearestSchema = z.object({
  file: z.literal('nearest.json'),
  sha256: sha256Schema,
  bytes: z.number().check(z.int(), z.positive()),
  count: positiveInt(1_000_000),
});

/**
 * sliders.json: the named sliders (SeFa directions of the generator's first layer, named by what they measurably
 * change; lib/sliders), with its own hash (not part of the model's). Older models have none: they show no sliders.
 */
const slidersSchema = z.object({
  file: z.literal('sliders.json'),
  sha256: sha256Schema,
  bytes: z.number().check(z.int(), z.positive()),
  count: positiveInt(64),
});

/**
 * encoder/: Draw to find's encoder (a mask -> the latent and style logits that draw it; lib/draw), a network of its
 * own with its own hash over its model.json then its weight files (not part of the model's). Older models have none:
 * /draw then says it cannot search them.
 */
const encoderSchema = z.object({
  folder: z.literal('encoder'),
  sha256: sha256Schema,
  bytes: z.number().check(z.int(), z.positive()),
});

/**
 * critic/: the critic that resamples each seed's symbol among `k` candidates (seed -> latent v2, lib/seeds/resample;
 * lib/model/critic), a network with its own hash over its model.json then its weight files. Unlike the files above it
 * changes which symbol a seed draws, so it ships only with a new model id, never added to a published folder.
 */
const resampleSchema = z.object({
  folder: z.literal('critic', 'resample.folder must be "critic", the folder the critic is exported to.'),
  sha256: sha256Schema,
  bytes: z.number().check(z.int(), z.positive()),
  k: z.number().check(
    z.int('resample.k (the candidates per seed) must be a whole number.'),
    z.minimum(1, `resample.k (the candidates per seed) must be 1 to ${RESAMPLE_MAX_K}.`),
    z.maximum(RESAMPLE_MAX_K, `resample.k (the candidates per seed) must be 1 to ${RESAMPLE_MAX_K}.`),
  ),
});

export const modelEntrySchema = z.object({
  id: modelIdSchema,
  resolution: positiveInt(1024),
  latentSize: positiveInt(4096),
  sha256: sha256Schema,
  bytes: z.number().check(z.int(), z.nonnegative()),
  created: z.optional(z.string()),
  /** Subfolder holding a denoising network (its own model.json) that cleans every generated image. */
  denoiser: z.optional(z.literal('denoiser')),
  /** Ink components under this many pixels, other than the largest, are erased after thresholding (lib/render/postprocess). */
  minStray: z.optional(z.number().check(z.int(), z.nonnegative(), z.maximum(4096))),
  /**
   * Outlines follow the field's sub-pixel edge (lib/render/trace's `field`) instead of the mask's crack midpoints: the
   * same symbol, drawn as smoothly as the generator drew it. Absent on models published before it, which draw as they did.
   */
  subpixel: z.optional(z.boolean()),
  /** Present on conditional models: the network's input is z followed by the one-hot of one of these. */
  styles: z.optional(stylesSchema),
  /** Present when the folder ships the real symbols of "Which one is real?" (lib/real-or-not). */
  realSymbols: z.optional(realSymbolsSchema),
  /** Present when the folder ships the nearest-real-symbol index of "Does it exist?" (lib/nearest). */
  nearest: z.optional(nearestSchema),
  /** Present when the folder ships named sliders (lib/sliders). */
  sliders: z.optional(slidersSchema),
  /** Present when the folder ships Draw to find's encoder (lib/draw). */
  encoder: z.optional(encoderSchema),
  /** Present on models whose seeds are resampled by a critic (seed -> latent v2, lib/seeds/resample). */
  resample: z.optional(resampleSchema),
});
export type ModelEntry = z.infer<typeof modelEntrySchema>;

export const modelIndexSchema = z
  .object({
    version: z.literal(1),
    default: modelIdSchema,
    models: z.array(modelEntrySchema).check(z.minLength(1)),
  })
  .check(
    z.superRefine((index, ctx) => {
      if (!index.models.some((m) => m.id === index.default)) {
        ctx.issues.push({ code: 'custom', input: index, message: `index.json: the default model "${index.default}" is not in models.` });
      }
    }),
  );
export type ModelIndex = z.infer<typeof modelIndexSchema>;

/** denoiser/golden.json: what the denoiser makes of golden.json's outputs, computed by PyTorch from the shipped bytes. */
export const denoiserGoldenSchema = z.object({
  resolution: positiveInt(1024),
  outputs: z.array(z.array(z.number())).check(z.minLength(1)),
  atol: z.number().check(z.positive()),
});
export type DenoiserGolden = z.infer<typeof denoiserGoldenSchema>;

/**
 * critic/golden.json: masks packed as encoder/golden.json's (base64 of the R x R bits, row-major, most significant bit
 * first, 1 = ink) and the logit PyTorch computes for each from the shipped bytes.
 */
export const criticGoldenSchema = z
  .object({
    inputs: z.array(z.string()).check(z.minLength(1)),
    resolution: positiveInt(1024),
    outputs: z.array(z.array(z.number()).check(z.length(1, 'A critic gives one logit per mask.'))),
    atol: z.number().check(z.positive()),
  })
  .check(
    z.superRefine((golden, ctx) => {
      if (golden.outputs.length !== golden.inputs.length) {
        ctx.issues.push({ code: 'custom', input: golden, message: `critic/golden.json has ${golden.outputs.length} outputs for ${golden.inputs.length} inputs.` });
      }
    }),
  );

export const goldenSchema = z
  .object({
    modelId: z.string(),
    latentSize: positiveInt(4096),
    resolution: positiveInt(1024),
    latents: z.array(z.array(z.number())).check(z.minLength(1)),
    /**
     * Conditional models: the style index of each latent (its one-hot follows the latent in the network's input).
     * The upper bound is the model's style count, which only index.json knows: lib/seeds/style's styleOneHot checks it.
     */
    styles: z.optional(z.array(z.number().check(z.int(), z.nonnegative()))),
    outputs: z.array(z.array(z.number())).check(z.minLength(1)),
    atol: z.number().check(z.positive()),
  })
  .check(
    z.superRefine((golden, ctx) => {
      if (golden.styles && golden.styles.length !== golden.latents.length) {
        ctx.issues.push({ code: 'custom', input: golden, message: `golden.json has ${golden.styles.length} styles for ${golden.latents.length} latents.` });
      }
    }),
  );
export type Golden = z.infer<typeof goldenSchema>;

/** model-card.json: only the id is required; the rest is shown as it comes. */
export const modelCardSchema = z.looseObject({
  id: z.optional(z.string()),
  modelId: z.optional(z.string()),
});
export type ModelCard = z.infer<typeof modelCardSchema>;

/** The parts of a TensorFlow.js LayersModel model.json the site reads. */
export const modelJsonSchema = z.looseObject({
  modelTopology: z.record(z.string(), z.unknown()),
  weightsManifest: z
    .array(
      z.object({
        paths: z
          .array(z.string().check(z.regex(/^[A-Za-z0-9._-]+$/, 'A weight file name must be a plain file name.')))
          .check(z.minLength(1)),
        weights: z.array(z.looseObject({ name: z.string(), shape: z.array(z.number().check(z.int())), dtype: z.string() })),
      }),
    )
    .check(z.minLength(1)),
});
export type ModelJson = z.infer<typeof modelJsonSchema>;

export function parseModelIndex(json: unknown): ModelIndex {
  const result = modelIndexSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`public/models/index.json is not valid: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  return result.data;
}
