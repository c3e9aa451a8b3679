/**
 * The image API behind /api/symbol/<seed>.png|svg and /api/card/<seed>.png (app/api/* only delegate here).
 *
 * Every outside input is validated before anything else happens, in this order:
 *   file name (format + seed, lib/route-params) -> 400; ?size -> 400; ?t -> 400; ?m against index.json -> 404;
 *   ?k against the model's styles -> 400 (also for a model without styles, which a page would draw ignoring k).
 * The model id is only ever looked up in index.json (lib/model/model-folder's resolveModel) and the files read
 * through lib/server/model-files, so no request can make the server read outside public/models.
 * Caching: with an explicit ?m= the bytes can never change (a model folder is never rewritten), so
 * they are sent immutable for a year; without it, for 5 minutes. Both carry a strong ETag over the
 * model's sha256, the seed, the size, the format, the strangeness, the chosen style and IMAGE_CODE_VERSION,
 * checked before any generation so a revalidation costs no forward pass.
 */
import 'server-only';

import type { ModelEntry } from '../model/model-folder';
import { fileStem } from '../render/file-names';
import { symbolImage } from '../render/image';
import { symbolSvg, type RenderedSymbol } from '../render/symbol';
import { parseSizeParam, parseSymbolFile, type SymbolFormat } from '../route-params';
import { SEED_ALGORITHM_VERSION } from '../seeds/seed';
import { STYLE_ALGORITHM_VERSION } from '../seeds/style';
import { renderSymbol } from './generator';
import { CACHE_IMMUTABLE, CACHE_SHORT, etagMatches, jsonError, notModified, strongEtag } from './http';
import { modelsDir } from './model-files';
import { encodePng } from './png';
import { shareCard } from './share-card';
import { parseSymbolQuery } from './symbol-query';

/** Bump when the bytes for the same model, seed and size change (rendering, PNG encoding, card layout). */
const IMAGE_CODE_VERSION = 1;

interface ImageRequest {
  seed: string;
  format: SymbolFormat;
  size: number;
  /** Truncation psi from ?t= (the strangeness); 1 when absent. */
  psi: number;
  /** The style chosen by ?k= (a style id of the model); null when absent: the seed's own. */
  style: string | null;
  model: ModelEntry;
  /** The request named the model (?m=): the response is immutable. */
  explicitModel: boolean;
  etag: string;
  cacheControl: string;
}

interface ImageApiOptions {
  /** The models folder (tests point this at a fixture). */
  dir?: string;
  formats?: readonly SymbolFormat[];
  /** Sizes do not apply (share cards have one size); ETag kind. */
  kind?: 'symbol' | 'card';
}

/** Validate a request; returns the error response to send when it is not valid. */
async function parseImageRequest(request: Request, file: string, options: ImageApiOptions = {}): Promise<ImageRequest | Response> {
  const { dir = modelsDir(), formats, kind = 'symbol' } = options;
  const parsed = parseSymbolFile(file, formats);
  if (!parsed.ok) return jsonError(400, parsed.error);
  const params = new URL(request.url).searchParams;
  let size = 0;
  if (kind === 'symbol' && parsed.format === 'png') {
    const s = parseSizeParam(params.get('size'));
    if (!s.ok) return jsonError(400, s.error);
    size = s.size;
  }
  const query = await parseSymbolQuery(params, dir, 'image API');
  if (query instanceof Response) return query;
  const { model, explicitModel } = query;
  // A conditional model's symbol also depends on the seed's style, or the chosen one; links without k keep their ETags.
  const styleVersion = model.styles ? [STYLE_ALGORITHM_VERSION] : [];
  const chosenStyle = query.style ? [`k:${query.style}`] : [];
  const etag = strongEtag([
    kind,
    model.id,
    model.sha256,
    parsed.seed,
    size,
    parsed.format,
    SEED_ALGORITHM_VERSION,
    IMAGE_CODE_VERSION,
    query.psi,
    ...styleVersion,
    ...chosenStyle,
  ]);
  return {
    seed: parsed.seed,
    format: parsed.format,
    size,
    psi: query.psi,
    style: query.style,
    model,
    explicitModel,
    etag,
    cacheControl: explicitModel ? CACHE_IMMUTABLE : CACHE_SHORT,
  };
}

/** Render the request's symbol; a model that cannot be loaded is the server's fault (503), never the request's. */
async function symbolFor(req: ImageRequest, dir = modelsDir()): Promise<RenderedSymbol | Response> {
  try {
    return await renderSymbol(req.model, req.seed, dir, req.psi, req.style);
  } catch (error) {
    console.error(`image API: model ${req.model.id}`, error);
    return jsonError(503, `The model "${req.model.id}" cannot be loaded on the server right now.`);
  }
}

/** GET /api/symbol/<seed>.png?size=N&m=<id>&k=<style>&t=<psi> and /api/symbol/<seed>.svg?m=<id>&k=<style>&t=<psi>. */
export async function symbolImageResponse(request: Request, file: string, options: { dir?: string } = {}): Promise<Response> {
  const req = await parseImageRequest(request, file, { dir: options.dir });
  if (req instanceof Response) return req;
  if (etagMatches(request.headers.get('if-none-match'), req.etag)) return notModified(req.etag, req.cacheControl);
  const symbol = await symbolFor(req, options.dir);
  if (symbol instanceof Response) return symbol;

  const body = req.format === 'png' ? encodePng(symbolImage(symbol.outlines, { size: req.size })) : new TextEncoder().encode(symbolSvg(symbol));
  const name = `${fileStem(symbol.seed, symbol.modelId, symbol.psi, symbol.chosenStyle)}${req.format === 'png' ? `-${req.size}` : ''}.${req.format}`;
  return new Response(body, {
    status: 200,
    headers: {
      'Content-Type': req.format === 'png' ? 'image/png' : 'image/svg+xml; charset=utf-8',
      'Content-Length': String(body.byteLength),
      'Content-Disposition': `inline; filename="${name}"`,
      'Cache-Control': req.cacheControl,
      ETag: req.etag,
      'Access-Control-Allow-Origin': '*',
    },
  });
}

/** GET /api/card/<seed>.png?m=<id>&k=<style>&t=<psi>: the 1200x630 share card. */
export async function cardImageResponse(request: Request, file: string, options: { dir?: string } = {}): Promise<Response> {
  const req = await parseImageRequest(request, file, { dir: options.dir, formats: ['png'], kind: 'card' });
  if (req instanceof Response) return req;
  if (etagMatches(request.headers.get('if-none-match'), req.etag)) return notModified(req.etag, req.cacheControl);
  const symbol = await symbolFor(req, options.dir);
  if (symbol instanceof Response) return symbol;
  const card = shareCard(symbol, { 'Cache-Control': req.cacheControl, ETag: req.etag });
  // ImageResponse streams: render fully here, so a failure is a clear 500 instead of a cut-off image.
  let body: ArrayBuffer;
  try {
    body = await card.arrayBuffer();
  } catch (error) {
    console.error(`share card for "${req.seed}"`, error);
    return jsonError(500, 'The share card could not be drawn.');
  }
  const headers = new Headers(card.headers);
  headers.set('Content-Length', String(body.byteLength));
  return new Response(body, { status: 200, headers });
}
