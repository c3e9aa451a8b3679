/**
 * Seed -> finished symbol, the same in the browser and on the server:
 * seed -> latent (lib/seed) -> generator pass -> binarize + despeckle (lib/postprocess) -> outline (lib/trace).
 */
import type { SymbolGenerator } from './generator';
import { truncate } from './latent';
import { fieldToMask } from './postprocess';
import { seedToLatent } from './seed';
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

/** Render a batch of latents with one forward pass: mask and outline each, plus the pass's time. */
export async function renderLatents(
  generator: SymbolGenerator,
  latents: readonly Float32Array[],
): Promise<{ shapes: { mask: Uint8Array; pathData: string }[]; generateMs: number }> {
  const t0 = performance.now();
  const fields = await generator.generate(latents);
  const generateMs = performance.now() - t0;
  return { shapes: fields.map((field) => symbolFromField(field, generator.model.resolution)), generateMs };
}

/** Render a batch of (normalized, validated) seeds with one forward pass, truncated by `psi` (default 1). */
export async function renderSeeds(generator: SymbolGenerator, seeds: readonly string[], options: { psi?: number } = {}): Promise<RenderedSymbol[]> {
  const { model } = generator;
  const psi = options.psi ?? 1;
  const latents = seeds.map((s) => truncate(seedToLatent(s, model.latentSize), psi));
  const { shapes, generateMs } = await renderLatents(generator, latents);
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

/** File name stem: the seed reduced to [a-z0-9-], plus the model id. */
export function fileStem(seed: string, modelId: string): string {
  const slug = seed
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `symbol-${slug || 'seed'}-${modelId}`;
}
