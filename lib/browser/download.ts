/** Browser-only: turn a symbol's outline into PNG/SVG files and hand them to the user. */
import { fileStem, morphFileStem, symbolSvg, SYMBOL_VIEWBOX, type RenderedSymbol } from '../symbol';

export { fileStem, morphFileStem };

export const PNG_SIZE = 1024;

/** The outline filled at PNG_SIZE x PNG_SIZE: black ink on white, drawn from the vector path (never an upscaled bitmap). */
export async function symbolPng(symbol: Pick<RenderedSymbol, 'pathData'>, size = PNG_SIZE): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This browser cannot draw on a canvas.');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, size, size);
  ctx.scale(size / SYMBOL_VIEWBOX, size / SYMBOL_VIEWBOX);
  ctx.fillStyle = '#000';
  ctx.fill(new Path2D(symbol.pathData), 'evenodd');
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed.'))), 'image/png'));
}

export function symbolSvgBlob(symbol: Pick<RenderedSymbol, 'pathData' | 'seed' | 'modelId'>): Blob {
  return new Blob([symbolSvg(symbol)], { type: 'image/svg+xml' });
}

export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Makes a file and saves it. Resolves to null when saved, or to why it could not be made, for the page to say;
 * never rejects, so a failed canvas or encoder cannot become an unhandled rejection behind a silent button. */
export async function saveMade(filename: string, make: () => Blob | Promise<Blob>): Promise<string | null> {
  try {
    saveBlob(await make(), filename);
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** Outlines side by side, each `size` x `size`, black ink on white, as one PNG (the morph's PNG strip). */
export async function outlineStripPng(paths: readonly string[], size = 256): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = size * paths.length;
  canvas.height = size;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This browser cannot draw on a canvas.');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = '#000';
  paths.forEach((d, i) => {
    ctx.setTransform(size / SYMBOL_VIEWBOX, 0, 0, size / SYMBOL_VIEWBOX, i * size, 0);
    ctx.fill(new Path2D(d), 'evenodd');
  });
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed.'))), 'image/png'));
}
