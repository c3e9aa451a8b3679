/**
 * /api/nearest/<seed>?m=<model-id>&k=<style>&t=<psi>&e=<edits> ("Does it exist?"; app/api/nearest only delegates here):
 * the symbol the image API draws for that query string (moved by the sliders' offsets ?e=, so a visitor who moved a
 * slider is told about the symbol on screen), its nearest real symbols in the model's nearest.json and the
 * verdict, as JSON (lib/nearest/answer).
 *
 * The search runs here, on the server, not in the browser: the server already draws that symbol (the shared, warm
 * generator and its LRU, lib/server/generator), the index is read once per process and a query is a few milliseconds
 * (bench/nearest.bench.ts), so visitors download neither the index (megabytes) nor TensorFlow.js for it.
 *
 * Every outside input is validated first, in the image API's order and with its answers: seed -> 400; ?t -> 400;
 * ?m against index.json -> 404; ?k against the model's styles -> 400. A model published without nearest.json is a
 * 404 saying the check is not available for it (before ?e=, so no sliders.json is read for a model that cannot answer);
 * then ?e against the model's sliders -> 400 (503 when its sliders.json cannot be read), as the image API.
 * Caching as the image API: immutable with an explicit ?m=, 5 minutes without; a strong ETag over everything the
 * answer depends on (the offsets and sliders.json's sha256 included), checked before any work.
 */
import 'server-only';

import type { ModelEntry } from '../model/model-folder';
import type { NearestAnswer } from '../nearest/answer';
import { queryNearest } from '../nearest/query';
import { verdictText } from '../nearest/verdict';
import type { RenderedSymbol } from '../render/symbol';
import { parseSeedParam } from '../route-params';
import { SEED_ALGORITHM_VERSION } from '../seeds/seed';
import { STYLE_ALGORITHM_VERSION } from '../seeds/style';
import type { LatentShift } from '../sliders/shift';
import { renderSymbol, ServerBusyError } from './generator';
import { busy, CACHE_IMMUTABLE, CACHE_SHORT, etagMatches, jsonError, notModified, strongEtag } from './http';
import { modelsDir } from './model-files';
import { nearestIndexFor, type LoadedNearestIndex } from './nearest-index';
import { editsFor } from './sliders';
import { parseSymbolQuery } from './symbol-query';

/**
 * Bump when the answer for the same model, index and query changes (the embedding's code, the texts, the tracing).
 * 2: the answer names the sliders' offsets it was drawn with (edits).
 */
const NEAREST_CODE_VERSION = 2;

interface NearestRequest {
  seed: string;
  psi: number;
  style: string | null;
  /** The sliders' offsets from ?e=; null when absent. */
  shift: LatentShift | null;
  model: ModelEntry & { nearest: NonNullable<ModelEntry['nearest']> };
  etag: string;
  cacheControl: string;
}

async function parseNearestRequest(request: Request, segment: string, dir: string): Promise<NearestRequest | Response> {
  const seed = parseSeedParam(segment);
  if (!seed.ok) return jsonError(400, seed.error);
  const params = new URL(request.url).searchParams;
  const query = await parseSymbolQuery(params, dir, 'nearest API');
  if (query instanceof Response) return query;
  const { model } = query;
  if (!model.nearest) {
    return jsonError(404, `The check against real symbols is not available for the model ${model.id}: it was published without an index of its training symbols.`);
  }
  const edits = await editsFor(model, params.get('e'), dir);
  if (!edits.ok) return jsonError(edits.unavailable ? 503 : 400, edits.error);
  // Appended only when moved, as in the image API, so answers without ?e= keep their ETags.
  const sliders = edits.shift ? [`e:${edits.shift.edits}`, model.sliders!.sha256] : [];
  const etag = strongEtag([
    'nearest',
    model.id,
    model.sha256,
    model.nearest.sha256,
    seed.seed,
    SEED_ALGORITHM_VERSION,
    NEAREST_CODE_VERSION,
    query.psi,
    ...(model.styles ? [STYLE_ALGORITHM_VERSION] : []),
    ...(query.style ? [`k:${query.style}`] : []),
    ...sliders,
  ]);
  return {
    seed: seed.seed,
    psi: query.psi,
    style: query.style,
    shift: edits.shift,
    model: { ...model, nearest: model.nearest },
    etag,
    cacheControl: query.explicitModel ? CACHE_IMMUTABLE : CACHE_SHORT,
  };
}

/** The answer's body: the query's neighbours and verdict, named, measured and drawn. */
export function nearestAnswer(symbol: RenderedSymbol, loaded: LoadedNearestIndex): NearestAnswer {
  const { index } = loaded;
  const { neighbours, verdict } = queryNearest(index, symbol.mask);
  const nearest = neighbours.map(({ index: glyph, distance }) => ({ index: glyph, ...index.glyphs[glyph]!, distance, path: loaded.glyphPath(glyph) }));
  return {
    model: symbol.modelId,
    seed: symbol.seed,
    psi: symbol.psi,
    style: symbol.style,
    edits: symbol.edits ?? null,
    verdict,
    verdictText: verdictText(verdict, nearest[0]!, index.thresholds),
    nearest,
    symbol: { path: symbol.pathData },
    thresholds: index.thresholds,
  };
}

/** GET /api/nearest/<seed>?m=<id>&k=<style>&t=<psi>&e=<edits>. `dir`: the models folder (tests point it at a fixture). */
export async function nearestResponse(request: Request, segment: string, options: { dir?: string } = {}): Promise<Response> {
  const dir = options.dir ?? modelsDir();
  const req = await parseNearestRequest(request, segment, dir);
  if (req instanceof Response) return req;
  if (etagMatches(request.headers.get('if-none-match'), req.etag)) return notModified(req.etag, req.cacheControl);

  let loaded: LoadedNearestIndex;
  try {
    loaded = await nearestIndexFor(req.model, dir);
  } catch (error) {
    console.error(`nearest API: nearest.json of ${req.model.id}`, error);
    return jsonError(503, `The index of real symbols of the model "${req.model.id}" cannot be read on the server right now.`);
  }
  let symbol: RenderedSymbol;
  try {
    symbol = await renderSymbol(req.model, req.seed, dir, req.psi, req.style, req.shift);
  } catch (error) {
    if (error instanceof ServerBusyError) return busy();
    console.error(`nearest API: model ${req.model.id}`, error);
    return jsonError(503, `The model "${req.model.id}" cannot be loaded on the server right now.`);
  }
  const body = new TextEncoder().encode(JSON.stringify(nearestAnswer(symbol, loaded)));
  return new Response(body, {
    status: 200,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(body.byteLength),
      'Cache-Control': req.cacheControl,
      ETag: req.etag,
      'Access-Control-Allow-Origin': '*',
    },
  });
}
