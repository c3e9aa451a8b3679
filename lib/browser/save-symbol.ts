/**
 * Browser-only: save the symbol on screen as a PNG or SVG file, and say why when it cannot be made. Its own module,
 * loaded by the studio's download buttons on their first click (a dynamic import), so the rasterizer and the file
 * code are no part of the page's first-load JavaScript.
 *
 * The SVG is written from the path data; the PNG is filled from the outlines the browser traced or, for the symbol the
 * server drew into the page (which carries only its path data), is the image API's PNG of that symbol.
 */
import { symbolImagePath } from '../links';
import { fileStem, PNG_SIZE } from '../render/file-names';
import { symbolImage } from '../render/image';
import type { RenderedSymbol, ShownSymbol } from '../render/symbol';
import { fetchedBlob, pngBlob, saveMade, symbolSvgBlob } from './download';

export type SymbolFileKind = 'PNG' | 'SVG';

/** Saves `symbol` as a file of `kind`; null when it was saved, else why it could not be made. */
export function saveSymbol(symbol: ShownSymbol & Partial<Pick<RenderedSymbol, 'outlines'>>, kind: SymbolFileKind): Promise<string | null> {
  const stem = fileStem(symbol.seed, symbol.modelId, symbol.psi, symbol.chosenStyle);
  const png = () =>
    symbol.outlines
      ? pngBlob(symbolImage(symbol.outlines, { size: PNG_SIZE }))
      : fetchedBlob(symbolImagePath(symbol.seed, 'png', { size: PNG_SIZE, model: symbol.modelId, psi: symbol.psi, style: symbol.chosenStyle }));
  return saveMade(`${stem}.${kind.toLowerCase()}`, () => (kind === 'PNG' ? png() : symbolSvgBlob(symbol)));
}
