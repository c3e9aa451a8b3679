/**
 * The first paint of every page that shows symbols: the symbols drawn on the server into the page's HTML, so they are
 * on screen before any script runs, and the browser fetches TensorFlow.js and the model only afterwards. One symbol
 * (firstPaint: the homepage and seed pages, hooks/use-symbol) or many (firstPaintMany: the gallery's first screen, a
 * morph's two ends, a model page's sample rows). They are the image API's symbols by construction: the same shared,
 * batched generator with its cached model and its LRU of finished symbols (lib/server/generator), so a page costs at
 * most a few forward passes and the memory it keeps is bounded. Only what the page shows travels (the path data,
 * never the mask or the outlines).
 *
 * A first paint is an improvement, never a condition: when the server cannot draw the symbols (no such model, a model
 * that does not load, passes slower than FIRST_PAINT_BUDGET_MS) the page is sent without them and the browser draws.
 */
import 'server-only';

import type { ModelIndex } from '../model/model-folder';
import { resolveModel } from '../model/model-index';
import type { ShownSymbol } from '../render/symbol';
import type { LatentShift } from '../sliders/shift';
import { renderSymbol } from './generator';
import { modelsDir } from './model-files';
import { PromiseCache } from './promise-cache';

/**
 * The longest a page waits for its symbol: a warm pass is ~10-20 ms, loading the model for the first time ~0.5 s.
 * Past it the page goes out without the symbol (the pass still finishes, and its symbol is kept for the next request).
 */
export const FIRST_PAINT_BUDGET_MS = 2000;

/**
 * Drawings of many symbols kept whole (their path data only): they are the same for every visitor, so a burst of
 * visitors to one gallery page or morph link costs one drawing, and it outlives the generator's LRU, which the
 * homepage's new seed per visit keeps turning over. A gallery page's path data is about 100 KB, so at most ~6 MB.
 */
const DRAWINGS_KEPT = 64;
const drawings = new PromiseCache<readonly ShownSymbol[]>(DRAWINGS_KEPT);
/**
 * New many-symbol drawings at most underway at once. A drawing goes on after its request gave up on it, so without a
 * bound a stream of requests for pages nobody asked for before (gallery page 1 to 1,000,000, morphs between any two
 * seeds) would queue work faster than the generator does it, and every symbol behind it, the image API's included,
 * would wait. Past the bound a page goes out at once without its symbols; the ones kept still come from the cache.
 */
export const MAX_DRAWINGS_UNDERWAY = 2;
let underway = 0;

/**
 * `?backend=` pins the browser's backend order (comparisons, benchmarks, the tests that compare backends): such a
 * page asks for the browser's own drawing, so the server draws none.
 */
export function pinsBackend(query: Readonly<Record<string, unknown>>): boolean {
  return query.backend !== undefined;
}

/**
 * The server's symbol for a (normalized, validated) seed under `requestedModel` (?m=, null for the default) at
 * strangeness `psi`, in `style` (a checked ?k=; null: the seed's own), moved by the sliders' `shift` (a checked ?e=,
 * lib/server/sliders pageEdits; it must be of the model `requestedModel` names), or null when the page should leave it
 * to the browser. Never throws.
 */
export async function firstPaint(
  index: ModelIndex | null,
  requestedModel: string | null,
  seed: string,
  options: { psi?: number; style?: string | null; shift?: LatentShift | null; dir?: string; budgetMs?: number } = {},
): Promise<ShownSymbol | null> {
  const { psi = 1, style = null, shift = null, dir = modelsDir(), budgetMs = FIRST_PAINT_BUDGET_MS } = options;
  const resolved = index ? resolveModel(index, requestedModel) : null;
  // No model, or ?m= names none: the page shows that error itself.
  if (!resolved?.ok) return null;
  const what = `"${seed}"${shift ? ` (e=${shift.edits})` : ''} on ${resolved.model.id}`;
  const drawn = await withinBudget(renderSymbol(resolved.model, seed, dir, psi, style, shift), budgetMs, what);
  return drawn && shown(drawn);
}

/** One symbol of a many-symbol first paint: a seed, and its style (a checked ?k=; null: the seed's own). */
export interface FirstPaintItem {
  seed: string;
  style: string | null;
}

/**
 * The server's symbols for `items` under `requestedModel` at strangeness `psi`, in their order, or null when the page
 * should leave them all to the browser (as firstPaint; a page shows all of them or none). Kept by what they are (model
 * id and sha256, psi, seeds and styles), so the next request for the same drawing gets it for a lookup; a pass still
 * running when the budget runs out lands there for the next request. With MAX_DRAWINGS_UNDERWAY new drawings
 * underway, null at once. Never throws.
 */
export async function firstPaintMany(
  index: ModelIndex | null,
  requestedModel: string | null,
  items: readonly FirstPaintItem[],
  options: { psi?: number; dir?: string; budgetMs?: number } = {},
): Promise<readonly ShownSymbol[] | null> {
  const { psi = 1, dir = modelsDir(), budgetMs = FIRST_PAINT_BUDGET_MS } = options;
  const resolved = index ? resolveModel(index, requestedModel) : null;
  if (!resolved?.ok || items.length === 0) return null;
  const { model } = resolved;
  const key = JSON.stringify([model.id, model.sha256, dir, psi, items.map((i) => [i.seed, i.style])]);
  const what = `${items.length} symbols ("${items[0]!.seed}", ...) on ${model.id}`;
  if (underway >= MAX_DRAWINGS_UNDERWAY && !drawings.has(key)) {
    console.warn(`first paint: ${what}: ${underway} drawings underway already; the browser draws it`);
    return null;
  }
  const drawing = drawings.get(key, async () => {
    underway += 1;
    try {
      const symbols = await Promise.all(items.map((i) => renderSymbol(model, i.seed, dir, psi, i.style)));
      return symbols.map(shown);
    } finally {
      underway -= 1;
    }
  });
  return withinBudget(drawing, budgetMs, what);
}

/** What a page shows of a rendered symbol. */
function shown(drawn: ShownSymbol): ShownSymbol {
  const { seed, modelId, psi, style, chosenStyle, edits = null, pathData } = drawn;
  return { seed, modelId, psi, style, chosenStyle, edits, pathData };
}

/**
 * `drawing`'s value if it comes within `budgetMs`, else null (logged); null when it fails (logged). Never throws. Every
 * first paint goes through it (lib/server/first-round too), so all pages give up alike.
 */
export async function withinBudget<T>(drawing: Promise<T>, budgetMs: number, what: string): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), budgetMs);
  });
  try {
    const drawn = await Promise.race([drawing, late]);
    if (drawn === 'late') {
      console.warn(`first paint: ${what} took over ${budgetMs} ms; the browser draws it`);
      return null;
    }
    return drawn;
  } catch (error) {
    console.error(`first paint: ${what}`, error);
    return null;
  } finally {
    clearTimeout(timer);
  }
}
