/**
 * The query string every symbol-drawing API shares (the image API, share cards, /api/nearest): ?t= (the strangeness),
 * ?m= looked up in index.json only, ?k= against that model's styles. One place, so the APIs validate in the same order
 * with the same answers: ?t -> 400; index.json unreadable or empty -> 503; ?m -> 404; ?k -> 400.
 */
import 'server-only';

import type { ModelEntry } from '../model/model-folder';
import { resolveModel } from '../model/model-index';
import { parseModelParam, parseStyleStrict, parseTruncationStrict } from '../route-params';
import { jsonError } from './http';
import { readModelIndex } from './model-files';

export interface SymbolQuery {
  /** Truncation psi from ?t= (the strangeness); 1 when absent. */
  psi: number;
  /** The style chosen by ?k= (a style id of the model); null when absent: the seed's own. */
  style: string | null;
  model: ModelEntry;
  /** The request named the model (?m=): the answer can be immutable. */
  explicitModel: boolean;
}

/** Validate the shared query string; returns the error response to send when it is not valid. `api` names the log. */
export async function parseSymbolQuery(params: URLSearchParams, dir: string, api: string): Promise<SymbolQuery | Response> {
  const t = parseTruncationStrict(params.get('t'));
  if (!t.ok) return jsonError(400, t.error);
  let index;
  try {
    index = await readModelIndex(dir);
  } catch (error) {
    console.error(`${api}: index.json`, error);
    return jsonError(503, 'The model index cannot be read.');
  }
  if (!index) return jsonError(503, 'No model has been published yet.');
  const requested = parseModelParam(params.get('m') ?? undefined);
  const resolved = resolveModel(index, requested);
  if (!resolved.ok) return jsonError(404, resolved.error);
  const k = parseStyleStrict(params.get('k'), resolved.model);
  if (!k.ok) return jsonError(400, k.error);
  return { psi: t.psi, style: k.style, model: resolved.model, explicitModel: requested !== null };
}
