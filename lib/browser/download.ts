/** Browser-only: hand the user a symbol or morph as a file (PNG, SVG, GIF), and say why when one cannot be made. */
import type { RawImage } from '../render/image';
import { symbolSvg, type RenderedSymbol } from '../render/symbol';

/** A PNG file of `image` (pixels from lib/render/image), encoded by the browser's canvas. */
export async function pngBlob(image: RawImage): Promise<Blob> {
  const { width, height, channels, data } = image;
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This browser cannot draw on a canvas.');
  const rgba = ctx.createImageData(width, height);
  const out = rgba.data;
  const colour = channels >= 3;
  for (let i = 0, j = 0; i < width * height; i++, j += channels) {
    out[i * 4] = data[j]!;
    out[i * 4 + 1] = data[colour ? j + 1 : j]!;
    out[i * 4 + 2] = data[colour ? j + 2 : j]!;
    out[i * 4 + 3] = channels === 2 ? data[j + 1]! : channels === 4 ? data[j + 3]! : 255;
  }
  ctx.putImageData(rgba, 0, 0);
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed.'))), 'image/png'));
}

/** A file this site serves (the image API's PNG of a symbol the server drew), as a Blob; a failed request says why. */
export async function fetchedBlob(path: string): Promise<Blob> {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`the server answered HTTP ${response.status}.`);
  return response.blob();
}

export function symbolSvgBlob(symbol: Pick<RenderedSymbol, 'pathData' | 'seed' | 'modelId'>): Blob {
  return new Blob([symbolSvg(symbol)], { type: 'image/svg+xml' });
}

function saveBlob(blob: Blob, filename: string): void {
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
