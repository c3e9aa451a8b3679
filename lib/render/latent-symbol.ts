/**
 * A latent link's symbol (`/z/<code>`, lib/latent/codec), the same in the browser and on the server: the code's
 * latent and style -> (the sliders' shift) -> the generator pass -> the clean-up and trace every symbol gets
 * (lib/render/symbol). Nothing here truncates: the code holds z exactly as it is drawn.
 *
 *   const [symbol] = await renderCodes(generator, [encodeLatentCode({ latent, style: { index, count } })]);
 *   latentPath(symbol.code, { model: symbol.modelId })   // lib/links: the link that draws it again, anywhere
 */
import type { SymbolGenerator } from '../model/generator';
import type { ModelEntry } from '../model/model-folder';
import { decodeLatentCode, latentCodeFitsModel } from '../latent/codec';
import { styleOneHot } from '../seeds/style';
import { shiftLatent, type LatentShift } from '../sliders/shift';
import { toSvgDocument } from './outline';
import { renderInputs, SYMBOL_VIEWBOX, type SymbolInput, type SymbolShape } from './symbol';

export interface LatentSymbol extends SymbolShape {
  /** The latent link's code, as given (the sliders' offsets are not in it; see `edits`). */
  code: string;
  modelId: string;
  resolution: number;
  /** The style id the code names under a conditional model; null for an unconditional model. */
  style: string | null;
  /** The named sliders' offsets as the link writes them (?e=); null when none were moved. */
  edits: string | null;
  /** Milliseconds for the generator pass (forward + readback). */
  generateMs: number;
}

/** What a page needs to show a latent link's symbol (the server's first paint sends just this). */
export type ShownLatent = Pick<LatentSymbol, 'code' | 'modelId' | 'style' | 'edits' | 'pathData'>;

/** A thrown bad code: the routes check codes first (lib/route-params parseLatentCodeParam), so this is a caller's bug. */
export class LatentCodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LatentCodeError';
  }
}

/** A code's input for `model`, moved by the sliders' `shift`. Throws LatentCodeError for a code the model cannot draw. */
export function codeInput(model: Pick<ModelEntry, 'id' | 'latentSize' | 'styles'>, code: string, shift?: LatentShift | null): SymbolInput {
  const decoded = decodeLatentCode(code, model.latentSize);
  if (!decoded.ok) throw new LatentCodeError(decoded.error);
  const fits = latentCodeFitsModel(decoded.value, model);
  if (!fits.ok) throw new LatentCodeError(fits.error);
  const { latent, style } = decoded.value;
  const input = { latent: shiftLatent(latent, shift, style ? style.index : null), styleId: null };
  return style ? { ...input, style: styleOneHot(style.index, style.count), styleId: model.styles![style.index]!.id } : input;
}

/** A code's finished symbol from its shape (see renderCodes; the server's batches assemble it the same way). */
export function latentSymbol(
  model: Pick<ModelEntry, 'id' | 'resolution'>,
  code: string,
  input: SymbolInput,
  shape: SymbolShape,
  generateMs: number,
  shift?: LatentShift | null,
): LatentSymbol {
  return { code, modelId: model.id, resolution: model.resolution, style: input.styleId, edits: shift?.edits ?? null, generateMs, ...shape };
}

/** Render latent links' codes with one forward pass, each moved by the same sliders' `shift` when given. */
export async function renderCodes(generator: SymbolGenerator, codes: readonly string[], shift?: LatentShift | null): Promise<LatentSymbol[]> {
  const { model } = generator;
  const inputs = codes.map((code) => codeInput(model, code, shift));
  const { shapes, generateMs } = await renderInputs(generator, inputs);
  return shapes.map((shape, i) => latentSymbol(model, codes[i]!, inputs[i]!, shape, generateMs, shift));
}

/** The SVG file of a latent link's symbol, the same from the download button and the image API. */
export function latentSvg(symbol: Pick<LatentSymbol, 'pathData' | 'modelId'>): string {
  return toSvgDocument(symbol.pathData, { size: SYMBOL_VIEWBOX, title: `Symbol from a latent link (model ${symbol.modelId}), thissymboldoesnotexist` });
}
