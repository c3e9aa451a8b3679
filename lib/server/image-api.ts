/**
 * The image API behind /api/symbol/<seed>.png|svg and /api/card/<seed>.png, and for latent links
 * /api/symbol/z/<code>.png|svg and /api/card/z/<code>.png (app/api/* only delegate here).
 *
 * Every outside input is validated before anything else happens, in this order:
 *   file name (format + seed or code, lib/route-params) -> 400; ?size -> 400; for a code, any ?t or ?k -> 400 (the
 *   code holds z and the style); ?t -> 400; ?m against index.json -> 404; ?k against the model's styles -> 400 (also
 *   for a model without styles, which a page would draw ignoring k); a code against the model (latent size, styles)
 *   -> 400; ?e against the model's sliders -> 400 (503 when its sliders.json cannot be read).
 * The model id is only ever looked up in index.json (lib/model/model-folder's resolveModel) and the files read
 * through lib/server/model-files, so no request can make the server read outside public/models.
 * Caching: with an explicit ?m= the bytes can never change (a model folder is never rewritten), so
 * they are sent immutable for a year; without it, for 5 minutes. Both carry a strong ETag over the
 * model's sha256, the seed or code, the size, the format, the strangeness, the chosen style, the sliders and
 * IMAGE_CODE_VERSION, checked before any generation so a revalidation costs no forward pass.
 */
import 'server-only';

import { decodeLatentCode, LATENT_CODE_VERSION, latentCodeFitsModel } from '../latent/codec';
import type { ModelEntry } from '../model/model-folder';
import { fileStem, latentFileStem } from '../render/file-names';
import { symbolImage } from '../render/image';
import { latentSvg, type LatentSymbol } from '../render/latent-symbol';
import { symbolSvg, type RenderedSymbol } from '../render/symbol';
import { parseLatentFile, parseSizeParam, parseSymbolFile, type SymbolFormat } from '../route-params';
import { SEED_ALGORITHM_VERSION } from '../seeds/seed';
import { STYLE_ALGORITHM_VERSION } from '../seeds/style';
import type { LatentShift } from '../sliders/shift';
import { renderLatentSymbol, renderSymbol, ServerBusyError } from './generator';
import { busy, CACHE_IMMUTABLE, CACHE_SHORT, etagMatches, jsonError, notModified, strongEtag } from './http';
import { modelsDir } from './model-files';
import { encodePng } from './png';
import { cardCaption, shareCard } from './share-card';
import { editsFor } from './sliders';
import { parseSymbolQuery } from './symbol-query';

/** Bump when the bytes for the same model, seed and size change (rendering, PNG encoding, card layout). */
const IMAGE_CODE_VERSION = 1;

/** What an image shows: a seed's symbol, or a latent link's. */
type Subject = { kind: 'seed'; seed: string } | { kind: 'code'; code: string };

interface ImageRequest {
  subject: Subject;
  format: SymbolFormat;
  size: number;
  /** Truncation psi from ?t= (the strangeness); 1 when absent (and always for a code). */
  psi: number;
  /** The style chosen by ?k= (a style id of the model); null when absent: the seed's own (a code names its own). */
  style: string | null;
  /** The sliders' offsets from ?e=; null when absent. */
  shift: LatentShift | null;
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
  /** The file names a latent link's code (/api/symbol/z/<code>.png) instead of a seed. */
  latent?: boolean;
}

/** The subject and format a file name names, or the 400 to send. */
function parseFile(file: string, options: ImageApiOptions): { subject: Subject; format: SymbolFormat } | Response {
  if (options.latent) {
    const parsed = parseLatentFile(file, options.formats);
    return parsed.ok ? { subject: { kind: 'code', code: parsed.code }, format: parsed.format } : jsonError(400, parsed.error);
  }
  const parsed = parseSymbolFile(file, options.formats);
  return parsed.ok ? { subject: { kind: 'seed', seed: parsed.seed }, format: parsed.format } : jsonError(400, parsed.error);
}

/** Validate a request; returns the error response to send when it is not valid. */
async function parseImageRequest(request: Request, file: string, options: ImageApiOptions = {}): Promise<ImageRequest | Response> {
  const { dir = modelsDir(), kind = 'symbol' } = options;
  const named = parseFile(file, options);
  if (named instanceof Response) return named;
  const { subject, format } = named;
  const params = new URL(request.url).searchParams;
  let size = 0;
  if (kind === 'symbol' && format === 'png') {
    const s = parseSizeParam(params.get('size'));
    if (!s.ok) return jsonError(400, s.error);
    size = s.size;
  }
  if (subject.kind === 'code' && (params.has('t') || params.has('k'))) {
    return jsonError(400, 'A latent link’s code holds its symbol’s latent and style exactly: leave out t and k.');
  }
  const query = await parseSymbolQuery(params, dir, 'image API');
  if (query instanceof Response) return query;
  const { model, explicitModel } = query;
  if (subject.kind === 'code') {
    const decoded = decodeLatentCode(subject.code, model.latentSize);
    const fits = decoded.ok ? latentCodeFitsModel(decoded.value, model) : decoded;
    if (!fits.ok) return jsonError(400, fits.error);
  }
  const edits = await editsFor(model, params.get('e'), dir);
  if (!edits.ok) return jsonError(edits.unavailable ? 503 : 400, edits.error);
  // A conditional model's symbol also depends on the seed's style, or the chosen one; links without k or e keep their ETags.
  const styleVersion = model.styles && subject.kind === 'seed' ? [STYLE_ALGORITHM_VERSION] : [];
  const chosenStyle = query.style ? [`k:${query.style}`] : [];
  const sliders = edits.shift ? [`e:${edits.shift.edits}`, model.sliders!.sha256] : [];
  // A seed's parts in the order they have always had, so seed links keep their ETags.
  const etag = strongEtag(
    subject.kind === 'seed'
      ? [kind, model.id, model.sha256, subject.seed, size, format, SEED_ALGORITHM_VERSION, IMAGE_CODE_VERSION, query.psi, ...styleVersion, ...chosenStyle, ...sliders]
      : [kind, model.id, model.sha256, `z:${subject.code}`, size, format, `latent-v${LATENT_CODE_VERSION}`, IMAGE_CODE_VERSION, ...sliders],
  );
  return {
    subject,
    format,
    size,
    psi: query.psi,
    style: query.style,
    shift: edits.shift,
    model,
    explicitModel,
    etag,
    cacheControl: explicitModel ? CACHE_IMMUTABLE : CACHE_SHORT,
  };
}

type Drawn = { symbol: RenderedSymbol; latent: false } | { symbol: LatentSymbol; latent: true };

/**
 * Render the request's symbol; a model that cannot be loaded, or a generator with too much waiting, is the server's
 * fault (503), never the request's.
 */
async function symbolFor(req: ImageRequest, dir = modelsDir()): Promise<Drawn | Response> {
  try {
    return req.subject.kind === 'seed'
      ? { symbol: await renderSymbol(req.model, req.subject.seed, dir, req.psi, req.style, req.shift), latent: false }
      : { symbol: await renderLatentSymbol(req.model, req.subject.code, dir, req.shift), latent: true };
  } catch (error) {
    if (error instanceof ServerBusyError) return busy();
    console.error(`image API: model ${req.model.id}`, error);
    return jsonError(503, `The model "${req.model.id}" cannot be loaded on the server right now.`);
  }
}

/** The file name stem of a drawn symbol (lib/render/file-names). */
function stemOf(drawn: Drawn): string {
  if (drawn.latent) return latentFileStem(drawn.symbol.code, drawn.symbol.modelId, drawn.symbol.edits);
  const { seed, modelId, psi, chosenStyle, edits } = drawn.symbol;
  return fileStem(seed, modelId, psi, chosenStyle, edits ?? null);
}

/**
 * GET /api/symbol/<seed>.png?size=N&m=<id>&k=<style>&t=<psi>&e=<edits> and /api/symbol/<seed>.svg?m=<id>&k=<style>&t=<psi>&e=<edits>;
 * with `latent`, /api/symbol/z/<code>.png?size=N&m=<id>&e=<edits> and its .svg.
 */
export async function symbolImageResponse(request: Request, file: string, options: { dir?: string; latent?: boolean } = {}): Promise<Response> {
  const req = await parseImageRequest(request, file, { dir: options.dir, latent: options.latent });
  if (req instanceof Response) return req;
  if (etagMatches(request.headers.get('if-none-match'), req.etag)) return notModified(req.etag, req.cacheControl);
  const drawn = await symbolFor(req, options.dir);
  if (drawn instanceof Response) return drawn;

  const { symbol } = drawn;
  const svg = () => (drawn.latent ? latentSvg(drawn.symbol) : symbolSvg(drawn.symbol));
  const body = req.format === 'png' ? encodePng(symbolImage(symbol.outlines, { size: req.size })) : new TextEncoder().encode(svg());
  const name = `${stemOf(drawn)}${req.format === 'png' ? `-${req.size}` : ''}.${req.format}`;
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

/** GET /api/card/<seed>.png?m=<id>&k=<style>&t=<psi>&e=<edits> (with `latent`, /api/card/z/<code>.png?m=<id>&e=<edits>): the 1200x630 share card. */
export async function cardImageResponse(request: Request, file: string, options: { dir?: string; latent?: boolean } = {}): Promise<Response> {
  const req = await parseImageRequest(request, file, { dir: options.dir, formats: ['png'], kind: 'card', latent: options.latent });
  if (req instanceof Response) return req;
  if (etagMatches(request.headers.get('if-none-match'), req.etag)) return notModified(req.etag, req.cacheControl);
  const drawn = await symbolFor(req, options.dir);
  if (drawn instanceof Response) return drawn;
  const styleLabel = drawn.latent ? (req.model.styles?.find((s) => s.id === drawn.symbol.style)?.label ?? null) : null;
  const caption = drawn.latent ? cardCaption.latent(drawn.symbol, styleLabel) : cardCaption.seed(drawn.symbol);
  const card = shareCard({ outlines: drawn.symbol.outlines, modelId: drawn.symbol.modelId, ...caption }, { 'Cache-Control': req.cacheControl, ETag: req.etag });
  // ImageResponse streams: render fully here, so a failure is a clear 500 instead of a cut-off image.
  let body: ArrayBuffer;
  try {
    body = await card.arrayBuffer();
  } catch (error) {
    console.error(`share card for ${req.subject.kind === 'seed' ? `"${req.subject.seed}"` : `/z/${req.subject.code}`}`, error);
    return jsonError(500, 'The share card could not be drawn.');
  }
  const headers = new Headers(card.headers);
  headers.set('Content-Length', String(body.byteLength));
  return new Response(body, { status: 200, headers });
}
