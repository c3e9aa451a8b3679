/**
 * Seed -> finished symbol, the same in the browser and on the server:
 * seed -> its latent under the model (lib/render/seed-latents: v1, or v2 resampled by the model's critic), and for a
 * conditional model its style (lib/seeds/style) -> generator pass -> binarize + despeckle, with the model's own
 * minStray (lib/render/postprocess) -> outlines (lib/render/trace; along the field's sub-pixel edge for a model whose
 * entry says `subpixel`) -> path data (lib/render/outline).
 */
import type { SymbolGenerator } from '../model/generator';
import type { ModelEntry } from '../model/model-folder';
import { truncate } from '../seeds/latent';
import { drawnStyleIndex, styleCount, styleIndexForSeed, styleOneHot, unknownStyleMessage } from '../seeds/style';
import { shiftLatent, type LatentShift } from '../sliders/shift';
import { scaleOutlines, toPathData, toSvgDocument, type Outline } from './outline';
import { fieldToMask, type DespeckleOptions } from './postprocess';
import { plainSeedLatents, seedLatents, type SeedLatent } from './seed-latents';
import { traceMask, type TraceOptions } from './trace';
import { SYMBOL_VIEWBOX } from './viewbox';

// Outlines and their path data are in this coordinate system: viewBox 0 0 SYMBOL_VIEWBOX SYMBOL_VIEWBOX.
export { SYMBOL_VIEWBOX };
/** Decimals the outlines, and so their path data, keep: a point moves at most 0.05 unit (0.1 px at the image API's 2048 px), and paths stay short. */
const DECIMALS = 1;

/**
 * Tracing along the field's edge: its points already lie on the edge the generator drew, not on a staircase, so the
 * simplification may follow them closer (0.2 px instead of 0.5) and round corners within a pixel (not 1.5). Chosen on
 * 300 real glyphs of the 128 px corpus, area-averaged to 64 px, traced, and filled at 128 px against their own 128 px
 * drawing (2026-12-07): wrong pixels per ink pixel 13.9% from the mask's crack midpoints, 5.9% with these (5.3% at
 * 0.15 px, 4.9% at 0.1 px, for paths 12% and 47% longer).
 */
const SUBPIXEL_TRACE: TraceOptions = { tolerance: 0.2, radius: 1 };

/** How a model's fields become symbols: its index entry's minStray (despeckling) and subpixel (tracing). */
export type DrawOptions = DespeckleOptions & Pick<ModelEntry, 'subpixel'>;

/** A symbol's shape: its bitmap, its outlines, and the path data written from them. */
export interface SymbolShape {
  /** Despeckled binary mask, resolution^2, 1 = ink. */
  mask: Uint8Array;
  /** Closed outlines in the 0..SYMBOL_VIEWBOX square, filled even-odd: what every image of the symbol is drawn from. */
  outlines: Outline[];
  /** The outlines as SVG path data (fill-rule evenodd): what the page and the SVG file show. */
  pathData: string;
}

export interface RenderedSymbol extends SymbolShape {
  seed: string;
  modelId: string;
  resolution: number;
  /** Truncation psi the latent was scaled by (the strangeness control); 1 = untruncated. */
  psi: number;
  /** The style id it was drawn in under a conditional model (chosen or the seed's own); null for an unconditional model. */
  style: string | null;
  /** The style the link chose (?k=); null when the seed picked it (or the model has no styles). */
  chosenStyle: string | null;
  /** The named sliders' offsets as the link writes them (?e=, lib/sliders/edits); null when none were moved. */
  edits?: string | null;
  /**
   * Milliseconds for the generator pass (forward + readback); for a resampled model's seed also the drawing and
   * scoring of its candidates (lib/render/seed-latents).
   */
  generateMs: number;
}

/**
 * What a page needs to show a symbol: which one it is (the sliders' offsets included) and its path data (the server's
 * first paint sends just this).
 */
export type ShownSymbol = Pick<RenderedSymbol, 'seed' | 'modelId' | 'psi' | 'style' | 'chosenStyle' | 'edits' | 'pathData'>;

/** Field (tanh output) -> mask, outlines and path data; `options` as the model's index entry asks (minStray, subpixel). */
export function symbolFromField(field: Float32Array, resolution: number, options?: DrawOptions): SymbolShape {
  return symbolFromMask(fieldToMask(field, resolution, options), resolution, options?.subpixel ? field : undefined);
}

/**
 * A clean mask (fieldToMask's) -> its outlines and path data; with the field it was cut from, traced along the
 * field's sub-pixel edge (a `subpixel` model), else through its pixels' crack midpoints.
 */
export function symbolFromMask(mask: Uint8Array, resolution: number, field?: Float32Array): SymbolShape {
  const trace = field ? { ...SUBPIXEL_TRACE, field } : {};
  const outlines = scaleOutlines(traceMask(mask, resolution, resolution, trace), SYMBOL_VIEWBOX / resolution, DECIMALS);
  return { mask, outlines, pathData: toPathData(outlines, DECIMALS) };
}

/**
 * Render a batch of latents with one forward pass: mask and outline each, plus the pass's time.
 * `styles`: one style vector per latent, for a conditional model only (see SymbolGenerator.generate).
 */
export async function renderLatents(
  generator: SymbolGenerator,
  latents: readonly Float32Array[],
  styles?: readonly Float32Array[],
): Promise<{ shapes: SymbolShape[]; generateMs: number }> {
  const t0 = performance.now();
  const fields = await generator.generate(latents, styles);
  const generateMs = performance.now() - t0;
  const { resolution, minStray, subpixel } = generator.model;
  return { shapes: fields.map((field) => symbolFromField(field, resolution, { minStray, subpixel })), generateMs };
}

/**
 * What the generator is given for one symbol, whatever named it (a seed, a latent link): z as drawn (truncated and
 * shifted by the sliders), the style vector of a conditional model, and the style id that vector is.
 */
export interface SymbolInput {
  latent: Float32Array;
  style?: Float32Array;
  styleId: string | null;
}

/** Render inputs of one model with one forward pass (see renderLatents). */
export function renderInputs(generator: SymbolGenerator, inputs: readonly SymbolInput[]): Promise<{ shapes: SymbolShape[]; generateMs: number }> {
  const styles = styleCount(generator.model) > 0 ? inputs.map((input) => input.style!) : undefined;
  return renderLatents(
    generator,
    inputs.map((input) => input.latent),
    styles,
  );
}

/** How a seed is asked for: its strangeness (default 1), chosen style (null: its own) and the sliders' shift. */
export interface SeedOptions {
  psi?: number;
  style?: string | null;
  shift?: LatentShift | null;
}

/**
 * A (normalized, validated) seed's input from `base`, its latent under the model (lib/render/seed-latents): truncated
 * by `psi` (default 1), then moved by the sliders' `shift`; under a conditional model in `style` (a style id of the
 * model, from ?k=) or, without one, the seed's own (lib/seeds/style styleIndexForSeed). Truncation and the sliders
 * move z only. A style for a model without styles, or one the model does not have, throws.
 */
export function seedInput(model: Pick<ModelEntry, 'id' | 'latentSize' | 'styles'>, seed: string, base: Float32Array, options: SeedOptions = {}): SymbolInput {
  const chosenStyle = options.style ?? null;
  const count = styleCount(model);
  if (count === 0 && chosenStyle !== null) throw new Error(unknownStyleMessage(model, chosenStyle));
  const truncated = truncate(base, options.psi ?? 1);
  if (count === 0) return { latent: shiftLatent(truncated, options.shift, null), styleId: null };
  const index = drawnStyleIndex(model, seed, chosenStyle);
  return { latent: shiftLatent(truncated, options.shift, index), style: styleOneHot(index, count), styleId: model.styles![index]!.id };
}

/**
 * The shape a resampled seed's chosen candidate was drawn as, when it is the symbol asked for (untruncated, unmoved, in
 * the seed's own style), so it needs no second pass; null otherwise, and always for a model without `resample`.
 */
export function candidateShape(model: Pick<ModelEntry, 'id' | 'resolution' | 'styles' | 'subpixel'>, seed: string, base: SeedLatent, options: SeedOptions = {}): SymbolShape | null {
  if (!base.mask || (options.psi ?? 1) !== 1 || options.shift) return null;
  const count = styleCount(model);
  if (count > 0 && drawnStyleIndex(model, seed, options.style ?? null) !== styleIndexForSeed(seed, count)) return null;
  return symbolFromMask(base.mask, model.resolution, model.subpixel ? (base.field ?? undefined) : undefined);
}

/**
 * Render a batch of (normalized, validated) seeds: their latents under the model (lib/render/seed-latents), then one
 * forward pass (see seedInput for `psi`, `style` and the sliders' `shift`).
 */
export async function renderSeeds(generator: SymbolGenerator, seeds: readonly string[], options: SeedOptions = {}): Promise<RenderedSymbol[]> {
  const t0 = performance.now();
  // A model without `resample` resolves its seeds without a pass, so its one forward pass starts at once, as it always has.
  const bases = generator.model.resample ? await seedLatents(generator, seeds) : plainSeedLatents(generator.model, seeds);
  const resolveMs = performance.now() - t0;
  const symbols = await renderResolvedSeeds(generator, seeds, bases, options);
  return symbols.map((symbol) => ({ ...symbol, generateMs: symbol.generateMs + resolveMs }));
}

/**
 * Render seeds whose latents under the model are known (`bases`, from lib/render/seed-latents, one per seed) with one
 * forward pass, or none when every one is its chosen candidate's shape (candidateShape).
 */
export async function renderResolvedSeeds(
  generator: SymbolGenerator,
  seeds: readonly string[],
  bases: readonly SeedLatent[],
  options: SeedOptions = {},
): Promise<RenderedSymbol[]> {
  const { model } = generator;
  if (bases.length !== seeds.length) throw new Error(`${seeds.length} seeds but ${bases.length} latents.`);
  const inputs = seeds.map((seed, i) => seedInput(model, seed, bases[i]!.latent, options));
  const reused = seeds.map((seed, i) => candidateShape(model, seed, bases[i]!, options));
  const missing = inputs.filter((_, i) => !reused[i]);
  const drawn = missing.length > 0 ? await renderInputs(generator, missing) : { shapes: [], generateMs: 0 };
  let next = 0;
  return seeds.map((seed, i) => seedSymbol(model, seed, inputs[i]!, reused[i] ?? drawn.shapes[next++]!, drawn.generateMs, options));
}

/** A seed's finished symbol from its shape (see renderSeeds; the server's batches assemble it the same way). */
export function seedSymbol(
  model: Pick<ModelEntry, 'id' | 'resolution'>,
  seed: string,
  input: SymbolInput,
  shape: SymbolShape,
  generateMs: number,
  options: SeedOptions = {},
): RenderedSymbol {
  return {
    seed,
    modelId: model.id,
    resolution: model.resolution,
    psi: options.psi ?? 1,
    style: input.styleId,
    chosenStyle: options.style ?? null,
    edits: options.shift?.edits ?? null,
    generateMs,
    ...shape,
  };
}

/** The SVG file of a symbol, the same from the download button and the image API: black ink, transparent paper. */
export function symbolSvg(symbol: Pick<RenderedSymbol, 'pathData' | 'seed' | 'modelId'>): string {
  return toSvgDocument(symbol.pathData, {
    size: SYMBOL_VIEWBOX,
    title: `Symbol for the seed "${symbol.seed}" (model ${symbol.modelId}), thissymboldoesnotexist`,
  });
}
