/**
 * Browser-only: save the symbol on screen as a PNG or SVG file, and say why when it cannot be made. Its own module,
 * loaded by the studio's download buttons on their first click (a dynamic import), so the rasterizer and the file
 * code are no part of the page's first-load JavaScript.
 *
 * The SVG is written from the path data; the PNG is filled from the outlines the browser traced or, for a symbol that
 * carries only its path data (the server's first paint, the Adjust panel's drawing), is the image API's PNG of that
 * symbol, its sliders' offsets (?e=) included. File names name the offsets, so an adjusted file never overwrites another.
 */
import { symbolImagePath } from '../links';
import { fileStem, PNG_SIZE } from '../render/file-names';
import { symbolImage } from '../render/image';
import type { RenderedSymbol, ShownSymbol } from '../render/symbol';
import { fetchedBlob, pngBlob, saveMade, symbolSvgBlob } from './download';

export type SymbolFileKind = 'PNG' | 'SVG';

/** Saves `symbol` as a file of `kind`; null when it was saved, else why it could not be made. */
export function saveSymbol(symbol: ShownSymbol & Partial<Pick<RenderedSymbol, 'outlines'>>, kind: SymbolFileKind): Promise<string | null> {
  const { seed, modelId, psi, chosenStyle: style, edits = null } = symbol;
  const stem = fileStem(seed, modelId, psi, style, edits);
  const png = () =>
    symbol.outlines
      ? pngBlob(symbolImage(symbol.outlines, { size: PNG_SIZE }))
      : fetchedBlob(symbolImagePath(seed, 'png', { size: PNG_SIZE, model: modelId, psi, style, edits }));
  return saveMade(`${stem}.${kind.toLowerCase()}`, () => (kind === 'PNG' ? png() : symbolSvgBlob(symbol)));
}
