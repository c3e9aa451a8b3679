/**
 * Node-side symbols for share cards, the image API and the app icons.
 *
 * The same code path as the browser, by construction: lib/model/generator's load (sha256-checked model
 * bytes, warm-up), lib/render/seed-latents (the seed's latent under the model: v1, or v2 resampled by the model's
 * critic) and lib/render/symbol's seedInput (for a conditional model, seed -> style) or lib/render/latent-symbol's
 * codeInput (a latent link's z and style), moved by the named sliders' shift, then lib/render's one forward pass,
 * clean-up and trace. Only three things are server-specific:
 *  - model files come from public/models on disk (lib/server/model-files, ids checked against
 *    index.json before a path is built);
 *  - the backend order is wasm, then CPU (no WebGL in Node). tfjs-backend-wasm finds its .wasm
 *    binary next to its own module, which is why next.config.ts keeps @tensorflow/* external
 *    (serverExternalPackages): bundled, that path would point into .next/;
 *  - one load per model per process: the routes share one SymbolServer, whose cache is keyed by model
 *    id and sha256, so every request after the first reuses the warmed-up model.
 * Requests that arrive while a forward pass is running are queued and rendered together in the
 * next pass (one forward pass and one readback per batch; seeds and latent links of any strangeness, style and
 * sliders share it, since each row is its own input), so throughput grows under load instead of each request
 * waiting for its own pass; resampled seeds waiting for their candidates share passes the same way. Finished symbols
 * (mask, outlines, path data) are kept in a small LRU so the PNG, SVG and card of one seed cost one generation, and
 * seeds' latents in another, so a resampled seed's candidates are drawn once whatever it is then asked at.
 *
 * Needs the Node.js runtime: the edge runtime cannot read public/models from disk.
 */
import 'server-only';

import type { BackendName } from '../model/backend';
import { load, type SymbolGenerator } from '../model/generator';
import type { ModelEntry } from '../model/model-folder';
import { codeInput, latentSymbol, type LatentSymbol } from '../render/latent-symbol';
import { seedLatents, type SeedLatent } from '../render/seed-latents';
import { candidateShape, renderInputs, seedInput, seedSymbol, type RenderedSymbol, type SymbolInput, type SymbolShape } from '../render/symbol';
import type { LatentShift } from '../sliders/shift';
import { fileModelSource, modelsDir } from './model-files';
import { PassQueue } from './pass-queue';
import { PromiseCache } from './promise-cache';

const SERVER_BACKENDS: readonly BackendName[] = ['wasm', 'cpu'];
/** The most seeds in one forward pass. */
const MAX_BATCH = 16;
/**
 * Finished symbols kept: enough for the PNG, SVG and card of the seeds being shared right now. About 24 KB
 * each (a 64 px model's mask, outlines and path data), so about 12 MB when full.
 */
const KEPT_SYMBOLS = 500;
/**
 * Seeds' latents kept (lib/render/seed-latents), so a resampled seed asked at another strangeness, style or sliders'
 * offsets draws no candidates again: about 4.5 KB each (a 64 px mask and a latent), about 2 MB when full.
 */
const KEPT_LATENTS = 500;

/**
 * The most inputs waiting for a pass, per model; past it draw() refuses at once with a ServerBusyError. Under more
 * load than the generator can draw (a busy host; clients that give up and come back), an unbounded queue kept the
 * requests of clients long gone, their memory and their passes, ahead of every new symbol: in bench:soak on a
 * contended machine the image API answered nothing for a minute while the server's RSS reached 1.7 GiB (2026-12-06).
 * 128 is seconds of drawing, more than any page asks for at once (a model page's sample rows are 54 images). A
 * resampled model's seeds waiting for their candidates have the same limit, though each is K rows, so that a page's
 * sample rows are never refused.
 */
export const MAX_WAITING = 128;

/** The generator has MAX_WAITING inputs waiting: a moment later it will not (the image API answers 503, Retry-After). */
export class ServerBusyError extends Error {
  constructor(modelId: string) {
    super(`The server has ${MAX_WAITING} symbols of the model "${modelId}" waiting to be drawn.`);
    this.name = 'ServerBusyError';
  }
}

/** What one input drew, and the time of the pass it shared. */
interface Drawn {
  shape: SymbolShape;
  generateMs: number;
}

/** One loaded model plus its queues: inputs waiting for the next forward pass, and seeds waiting to be resolved. */
class ModelWorker {
  private readonly draws: PassQueue<SymbolInput, Drawn>;
  private readonly seeds: PassQueue<string, SeedLatent>;

  constructor(
    readonly generator: SymbolGenerator,
    modelId: string,
  ) {
    const busy = () => new ServerBusyError(modelId);
    this.draws = new PassQueue(
      async (inputs) => {
        const { shapes, generateMs } = await renderInputs(generator, inputs);
        return shapes.map((shape) => ({ shape, generateMs }));
      },
      MAX_BATCH,
      MAX_WAITING,
      busy,
    );
    // A resampled seed is K generator rows: a pass of its seeds draws about as many rows as a pass of inputs.
    const k = generator.model.resample?.k ?? 1;
    this.seeds = new PassQueue((seeds) => seedLatents(generator, seeds), Math.max(1, Math.floor(MAX_BATCH / k)), MAX_WAITING, busy);
  }

  /** The shape drawn from one input, and the time of the pass it shared; a ServerBusyError when too many wait. */
  draw(input: SymbolInput): Promise<Drawn> {
    return this.draws.add(input);
  }

  /** A seed's latent under the model (lib/render/seed-latents): resampled seeds share passes, the others need none. */
  resolve(seed: string): Promise<SeedLatent> {
    if (!this.generator.model.resample) return seedLatents(this.generator, [seed]).then(([base]) => base!);
    return this.seeds.add(seed);
  }
}

function modelKey(model: ModelEntry): string {
  return `${model.id}@${model.sha256}`;
}

/** Loaded models and finished symbols: the routes share one (renderSymbol); tests make their own. */
export class SymbolServer {
  private readonly workers = new Map<string, Promise<ModelWorker>>();
  private readonly symbols = new PromiseCache<RenderedSymbol | LatentSymbol>(KEPT_SYMBOLS);
  private readonly latents = new PromiseCache<SeedLatent>(KEPT_LATENTS);

  /** The warmed-up generator for `model` from the models folder `dir` (loaded on first use, once). */
  async generator(model: ModelEntry, dir = modelsDir()): Promise<SymbolGenerator> {
    return (await this.worker(model, dir)).generator;
  }

  /**
   * The finished symbol for a normalized, validated seed (see lib/seeds/seed parseSeed), truncated by `psi` (the
   * strangeness, default 1), in `style` (a style id of a conditional model, from ?k=) or, when null, the seed's own.
   */
  render(model: ModelEntry, seed: string, dir = modelsDir(), psi = 1, style: string | null = null, shift: LatentShift | null = null): Promise<RenderedSymbol> {
    const key = `${modelKey(model)}|${dir}|s:${seed}|${psi}|${style ?? ''}|${shift?.edits ?? ''}`;
    return this.kept(key, async () => {
      const worker = await this.worker(model, dir);
      const t0 = performance.now();
      const base = await this.seedLatent(worker, model, dir, seed);
      const resolveMs = performance.now() - t0;
      const options = { psi, style, shift };
      const input = seedInput(model, seed, base.latent, options);
      const reused = candidateShape(model, seed, base, options);
      const { shape, generateMs } = reused ? { shape: reused, generateMs: 0 } : await worker.draw(input);
      return seedSymbol(model, seed, input, shape, resolveMs + generateMs, options);
    });
  }

  /** The seed's latent under `model`, kept per model and seed: a resampled seed's candidates are drawn once. */
  private seedLatent(worker: ModelWorker, model: ModelEntry, dir: string, seed: string): Promise<SeedLatent> {
    return this.latents.get(`${modelKey(model)}|${dir}|${seed}`, () => worker.resolve(seed));
  }

  /**
   * The finished symbol for a latent link's code (checked against `model` first: see lib/route-params
   * parseLatentCodeParam; a code the model cannot draw rejects with a LatentCodeError), moved by the sliders' `shift`.
   */
  renderCode(model: ModelEntry, code: string, dir = modelsDir(), shift: LatentShift | null = null): Promise<LatentSymbol> {
    const key = `${modelKey(model)}|${dir}|z:${code}|${shift?.edits ?? ''}`;
    return this.kept(key, async () => {
      const input = codeInput(model, code, shift);
      const { shape, generateMs } = await (await this.worker(model, dir)).draw(input);
      return latentSymbol(model, code, input, shape, generateMs, shift);
    });
  }

  /** The kept symbol for `key`, or `make`'s, kept once it is finished (lib/server/promise-cache). */
  private kept<T extends RenderedSymbol | LatentSymbol>(key: string, make: () => Promise<T>): Promise<T> {
    return this.symbols.get(key, make) as Promise<T>;
  }

  /** Drop every loaded model (freeing its tensors) and every finished symbol. */
  dispose(): void {
    for (const p of this.workers.values()) p.then((w) => w.generator.dispose()).catch(() => undefined);
    this.workers.clear();
    this.symbols.clear();
    this.latents.clear();
  }

  private worker(model: ModelEntry, dir: string): Promise<ModelWorker> {
    const key = `${modelKey(model)}|${dir}`;
    let promise = this.workers.get(key);
    if (!promise) {
      promise = load({ model, source: fileModelSource(dir), backends: SERVER_BACKENDS }).then((g) => new ModelWorker(g, model.id));
      this.workers.set(key, promise);
      // A failed load is forgotten, so the next request tries again (e.g. after the files are fixed).
      promise.catch(() => this.workers.delete(key));
    }
    return promise;
  }
}

const shared = new SymbolServer();

/** The finished symbol for a seed from the process's shared SymbolServer (see SymbolServer.render). */
export function renderSymbol(
  model: ModelEntry,
  seed: string,
  dir = modelsDir(),
  psi = 1,
  style: string | null = null,
  shift: LatentShift | null = null,
): Promise<RenderedSymbol> {
  return shared.render(model, seed, dir, psi, style, shift);
}

/** The finished symbol for a latent link's code from the process's shared SymbolServer (see SymbolServer.renderCode). */
export function renderLatentSymbol(model: ModelEntry, code: string, dir = modelsDir(), shift: LatentShift | null = null): Promise<LatentSymbol> {
  return shared.renderCode(model, code, dir, shift);
}
