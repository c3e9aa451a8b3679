/**
 * The first paint of the homepage and the seed pages: the seed's symbol drawn on the server into the page's HTML, so
 * it is on screen before any script runs, and the browser fetches TensorFlow.js and the model only afterwards
 * (hooks/use-symbol). It is the image API's symbol by construction: the same shared, batched generator with its
 * cached model and its LRU of finished symbols (lib/server/generator), so a page costs at most one forward pass and
 * the memory it keeps is bounded. Only what the page shows travels (the path data, never the mask or the outlines).
 *
 * A first paint is an improvement, never a condition: when the server cannot draw the symbol (no such model, a model
 * that does not load, a pass slower than FIRST_PAINT_BUDGET_MS) the page is sent without it and the browser draws.
 */
import 'server-only';

import type { ModelIndex } from '../model/model-folder';
import { resolveModel } from '../model/model-index';
import type { ShownSymbol } from '../render/symbol';
import { renderSymbol } from './generator';
import { modelsDir } from './model-files';

/**
 * The longest a page waits for its symbol: a warm pass is ~10-20 ms, loading the model for the first time ~0.5 s.
 * Past it the page goes out without the symbol (the pass still finishes, and its symbol is kept for the next request).
 */
export const FIRST_PAINT_BUDGET_MS = 2000;

/**
 * `?backend=` pins the browser's backend order (comparisons, benchmarks, the tests that compare backends): such a
 * page asks for the browser's own drawing, so the server draws none.
 */
export function pinsBackend(query: Readonly<Record<string, unknown>>): boolean {
  return query.backend !== undefined;
}

/**
 * The server's symbol for a (normalized, validated) seed under `requestedModel` (?m=, null for the default) at
 * strangeness `psi`, in `style` (a checked ?k=; null: the seed's own), or null when the page should leave it to the
 * browser. Never throws.
 */
export async function firstPaint(
  index: ModelIndex | null,
  requestedModel: string | null,
  seed: string,
  options: { psi?: number; style?: string | null; dir?: string; budgetMs?: number } = {},
): Promise<ShownSymbol | null> {
  const { psi = 1, style = null, dir = modelsDir(), budgetMs = FIRST_PAINT_BUDGET_MS } = options;
  const resolved = index ? resolveModel(index, requestedModel) : null;
  // No model, or ?m= names none: the page shows that error itself.
  if (!resolved?.ok) return null;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), budgetMs);
  });
  try {
    const drawn = await Promise.race([renderSymbol(resolved.model, seed, dir, psi, style), late]);
    if (drawn === 'late') {
      console.warn(`first paint: "${seed}" on ${resolved.model.id} took over ${budgetMs} ms; the browser draws it`);
      return null;
    }
    const { modelId, psi: drawnPsi, style: drawnStyle, chosenStyle, pathData } = drawn;
    return { seed, modelId, psi: drawnPsi, style: drawnStyle, chosenStyle, pathData };
  } catch (error) {
    console.error(`first paint: "${seed}" on ${resolved.model.id}`, error);
    return null;
  } finally {
    clearTimeout(timer);
  }
}
