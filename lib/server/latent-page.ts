/**
 * What a latent link's page (`/z/<code>`) shows, decided on the server: the code checked as far as it goes without a
 * model, then the model (?m=, else the default), the code against it (latent size, styles), the sliders (?e=: a bad
 * one is a notice and the symbol is drawn without it) and the first paint, the image API's symbol drawn into the HTML
 * (the same shared, batched generator; a pass slower than the budget leaves it to the browser). Every failure is a
 * sentence for a clear page, never a throw, so no /z/ link can make a 500.
 */
import 'server-only';

import type { Metadata } from 'next';

import { decodeLatentCode, latentCodeFitsModel } from '../latent/codec';
import { latentCardPath, latentPath } from '../links';
import type { ModelEntry } from '../model/model-folder';
import { resolveModel } from '../model/model-index';
import type { ShownLatent } from '../render/latent-symbol';
import { parseLatentCodeParam, parseModelParam } from '../route-params';
import { CARD_SIZE } from '../share';
import { SITE } from '../site';
import { renderLatentSymbol } from './generator';
import { modelsDir, readModelIndex } from './model-files';
import { requestOrigin } from './origin';
import { pageEdits } from './sliders';

/** The longest the page waits for its symbol (as lib/server/first-paint's budget for seed pages). */
const LATENT_PAINT_BUDGET_MS = 2000;

export type LatentPage =
  | { ok: false; title: string; message: string }
  | {
      ok: true;
      code: string;
      model: ModelEntry;
      /** The model was named by ?m= (links made on the page name it always). */
      requestedModel: string | null;
      /** The style id the code names (conditional models), and its label. */
      style: string | null;
      styleLabel: string | null;
      /** The link's valid ?e= ('' for none). */
      edits: string;
      notice: string | null;
      /** The server's drawing, or null when the browser draws it. */
      firstPaint: ShownLatent | null;
    };

/** The page for `segment` (the route's code) and its query; `draw: false` skips the first paint (metadata). */
export async function latentPage(
  segment: string,
  query: Readonly<Record<string, unknown>>,
  options: { draw?: boolean; dir?: string; budgetMs?: number } = {},
): Promise<LatentPage> {
  const { draw = true, dir = modelsDir(), budgetMs = LATENT_PAINT_BUDGET_MS } = options;
  const bad = (message: string) => ({ ok: false as const, title: 'This latent link does not work', message });
  const shape = parseLatentCodeParam(segment);
  if (!shape.ok) return bad(shape.error);
  const index = await readModelIndex(dir).catch(() => null);
  if (!index) return { ok: false, title: 'No model to draw with', message: 'The model index cannot be read right now; try again in a moment.' };
  const requestedModel = parseModelParam(query.m);
  const resolved = resolveModel(index, requestedModel);
  if (!resolved.ok) return bad(resolved.error);
  const { model } = resolved;
  const decoded = decodeLatentCode(shape.code, model.latentSize);
  if (!decoded.ok) return bad(decoded.error);
  const fits = latentCodeFitsModel(decoded.value, model);
  if (!fits.ok) return bad(fits.error);
  const styleIndex = decoded.value.style?.index;
  const style = styleIndex === undefined ? null : model.styles![styleIndex]!;

  const { shift, edits, notice } = await pageEdits(model, query.e, dir);
  const page = {
    ok: true as const,
    code: shape.code,
    model,
    requestedModel: requestedModel === null ? null : model.id,
    style: style?.id ?? null,
    styleLabel: style?.label ?? null,
    edits,
    notice,
  };
  if (!draw) return { ...page, firstPaint: null };
  return { ...page, firstPaint: await paint(model, shape.code, dir, shift, budgetMs) };
}

async function paint(model: ModelEntry, code: string, dir: string, shift: Parameters<typeof renderLatentSymbol>[3], budgetMs: number): Promise<ShownLatent | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), budgetMs);
  });
  try {
    const drawn = await Promise.race([renderLatentSymbol(model, code, dir, shift), late]);
    if (drawn === 'late') return null;
    const { modelId, style, edits, pathData } = drawn;
    return { code, modelId, style, edits, pathData };
  } catch (error) {
    console.error(`latent link /z/${code} on ${model.id}`, error);
    return null;
  } finally {
    clearTimeout(timer);
  }
}

/** The page's metadata: a title, its canonical link and the share card, which always names the model (immutable). */
export async function latentMetadata(page: LatentPage): Promise<Metadata> {
  if (!page.ok) return { title: page.title, robots: { index: false } };
  const origin = await requestOrigin();
  const title = page.styleLabel ? `${page.styleLabel}, from a latent link` : 'A symbol from a latent link';
  const description = 'A magic symbol drawn by a neural network from a latent link: no seed, just the numbers the network draws it from.';
  const url = `${origin}${latentPath(page.code, { model: page.requestedModel, edits: page.edits })}`;
  const card = `${origin}${latentCardPath(page.code, { model: page.model.id, edits: page.edits })}`;
  const alt = `A black-ink magic symbol drawn from a latent link, on ${SITE.name}.`;
  const images = [{ url: card, ...CARD_SIZE, alt, type: 'image/png' }];
  return {
    title,
    description,
    alternates: { canonical: url },
    robots: { index: false },
    openGraph: { type: 'website', siteName: SITE.name, title: `${title} · ${SITE.name}`, description, url, images },
    twitter: { card: 'summary_large_image', title: `${title} · ${SITE.name}`, description, images: [{ url: card, alt }] },
  };
}
