/**
 * Seed -> finished symbol, the same in the browser and on the server:
 * seed -> latent (lib/seed), and for a conditional model its style (lib/style) -> generator pass
 * -> binarize + despeckle (lib/postprocess) -> outline (lib/trace).
 */
import type { SymbolGenerator } from './generator';
import { truncate } from './latent';
import { formatPsi } from './links';
import { fieldToMask } from './postprocess';
import { seedToLatent } from './seed';
import { seedStyleVector, styleCount } from './style';
import { toPathData, toSvgDocument, traceMask } from './trace';

/** Outline path data is written in this coordinate system: viewBox 0 0 SYMBOL_VIEWBOX SYMBOL_VIEWBOX. */
export const SYMBOL_VIEWBOX = 1024;

export interface RenderedSymbol {
  seed: string;
  modelId: string;
  resolution: number;
  /** Truncation psi the latent was scaled by (the strangeness control); 1 = untruncated. */
  psi: number;
  /** Despeckled binary mask, resolution^2, 1 = ink. */
  mask: Uint8Array;
  /** Evenodd outline path data in a 0..SYMBOL_VIEWBOX square. */
  pathData: string;
  /** Milliseconds for the generator pass (forward + readback). */
  generateMs: number;
}

/** Field (tanh output) -> mask and outline. */
export function symbolFromField(field: Float32Array, resolution: number): { mask: Uint8Array; pathData: string } {
  const mask = fieldToMask(field, resolution);
  const pathData = toPathData(traceMask(mask, resolution, resolution), SYMBOL_VIEWBOX / resolution, 1);
  return { mask, pathData };
}

/**
 * Render a batch of latents with one forward pass: mask and outline each, plus the pass's time.
 * `styles`: one style vector per latent, for a conditional model only (see SymbolGenerator.generate).
 */
export async function renderLatents(
  generator: SymbolGenerator,
  latents: readonly Float32Array[],
  styles?: readonly Float32Array[],
): Promise<{ shapes: { mask: Uint8Array; pathData: string }[]; generateMs: number }> {
  const t0 = performance.now();
  const fields = await generator.generate(latents, styles);
  const generateMs = performance.now() - t0;
  return { shapes: fields.map((field) => symbolFromField(field, generator.model.resolution)), generateMs };
}

/**
 * Render a batch of (normalized, validated) seeds with one forward pass, truncated by `psi` (default 1).
 * A conditional model draws each seed in its own style (lib/style.styleIndexForSeed); truncation scales z only.
 */
export async function renderSeeds(generator: SymbolGenerator, seeds: readonly string[], options: { psi?: number } = {}): Promise<RenderedSymbol[]> {
  const { model } = generator;
  const psi = options.psi ?? 1;
  const latents = seeds.map((s) => truncate(seedToLatent(s, model.latentSize), psi));
  const count = styleCount(model);
  const styles = count > 0 ? seeds.map((s) => seedStyleVector(s, count)) : undefined;
  const { shapes, generateMs } = await renderLatents(generator, latents, styles);
  return shapes.map((shape, i) => ({
    seed: seeds[i]!,
    modelId: model.id,
    resolution: model.resolution,
    psi,
    generateMs,
    ...shape,
  }));
}

export function symbolSvg(symbol: Pick<RenderedSymbol, 'pathData' | 'seed' | 'modelId'>, options: { paper?: string; ink?: string } = {}): string {
  return toSvgDocument(symbol.pathData, {
    size: SYMBOL_VIEWBOX,
    title: `Symbol for the seed "${symbol.seed}" (model ${symbol.modelId}), thissymboldoesnotexist`,
    ...options,
  });
}

/** File name stem: the seed reduced to [a-z0-9-], plus the model id, plus the strangeness when it is not 1. */
export function fileStem(seed: string, modelId: string, psi = 1): string {
  return `symbol-${fileSlug(seed)}-${modelId}${psiSuffix(psi)}`;
}

/** File name stem of a morph export: `morph-<a>-to-<b>-<model>[-t<psi>]`. */
export function morphFileStem(seedA: string, seedB: string, modelId: string, psi = 1): string {
  return `morph-${fileSlug(seedA, 24)}-to-${fileSlug(seedB, 24)}-${modelId}${psiSuffix(psi)}`;
}

/** A seed reduced to [a-z0-9-] for file names. */
function fileSlug(seed: string, max = 40): string {
  return (
    seed
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, max) || 'seed'
  );
}

/** `-t0.7` when the strangeness is not 1, so a truncated symbol's file never overwrites the untruncated one. */
function psiSuffix(psi: number): string {
  return psi === 1 ? '' : `-t${formatPsi(psi)}`;
}
