/**
 * Node-side symbols for share cards, the image API and the app icons.
 *
 * The same code path as the browser, by construction: lib/model/generator's load (sha256-checked model
 * bytes, warm-up), lib/render/symbol's renderSeeds (lib/seeds' seed -> latent and, for a conditional model,
 * seed -> style, then lib/render's clean-up and trace). Only three things are server-specific:
 *  - model files come from public/models on disk (lib/server/model-files, ids checked against
 *    index.json before a path is built);
 *  - the backend order is wasm, then CPU (no WebGL in Node). tfjs-backend-wasm finds its .wasm
 *    binary next to its own module, which is why next.config.ts keeps @tensorflow/* external
 *    (serverExternalPackages): bundled, that path would point into .next/;
 *  - one load per model per process: the routes share one SymbolServer, whose cache is keyed by model
 *    id and sha256, so every request after the first reuses the warmed-up model.
 * Requests that arrive while a forward pass is running are queued and rendered together in the
 * next pass (one forward pass and one readback per batch), so throughput grows under load instead
 * of each request waiting for its own pass. Finished symbols (mask, outlines, path data) are kept
 * in a small LRU so the PNG, SVG and card of one seed cost one generation.
 *
 * Needs the Node.js runtime: the edge runtime cannot read public/models from disk.
 */
import 'server-only';

import type { BackendName } from '../model/backend';
import { load, type SymbolGenerator } from '../model/generator';
import type { ModelEntry } from '../model/model-folder';
import { renderSeeds, type RenderedSymbol } from '../render/symbol';
import { LruCache } from './lru';
import { fileModelSource, modelsDir } from './model-files';

const SERVER_BACKENDS: readonly BackendName[] = ['wasm', 'cpu'];
/** The most seeds in one forward pass. */
const MAX_BATCH = 16;
/**
 * Finished symbols kept: enough for the PNG, SVG and card of the seeds being shared right now. About 24 KB
 * each (a 64 px model's mask, outlines and path data), so about 12 MB when full.
 */
const KEPT_SYMBOLS = 500;

interface Pending {
  seed: string;
  /** Truncation psi (the strangeness); one forward pass only mixes requests of one psi and one style. */
  psi: number;
  /** The style chosen by ?k= (a style id of the model), or null for the seed's own. */
  style: string | null;
  resolve: (s: RenderedSymbol) => void;
  reject: (e: unknown) => void;
}

/** One loaded model plus its queue of seeds waiting for the next forward pass. */
class ModelWorker {
  private queue: Pending[] = [];
  private running = false;

  constructor(readonly generator: SymbolGenerator) {}

  render(seed: string, psi = 1, style: string | null = null): Promise<RenderedSymbol> {
    return new Promise((resolve, reject) => {
      this.queue.push({ seed, psi, style, resolve, reject });
      if (!this.running) {
        this.running = true;
        // Let the requests of this tick join the first batch.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length) {
      const { psi, style } = this.queue[0]!;
      const batch = this.queue.filter((p) => p.psi === psi && p.style === style).slice(0, MAX_BATCH);
      this.queue = this.queue.filter((p) => !batch.includes(p));
      try {
        const symbols = await renderSeeds(
          this.generator,
          batch.map((p) => p.seed),
          { psi, style },
        );
        batch.forEach((p, i) => p.resolve(symbols[i]!));
      } catch (error) {
        for (const p of batch) p.reject(error);
      }
    }
    this.running = false;
  }
}

function modelKey(model: ModelEntry): string {
  return `${model.id}@${model.sha256}`;
}

/** Loaded models and finished symbols: the routes share one (renderSymbol); tests make their own. */
export class SymbolServer {
  private readonly workers = new Map<string, Promise<ModelWorker>>();
  private readonly symbols = new LruCache<string, Promise<RenderedSymbol>>(KEPT_SYMBOLS);

  /** The warmed-up generator for `model` from the models folder `dir` (loaded on first use, once). */
  async generator(model: ModelEntry, dir = modelsDir()): Promise<SymbolGenerator> {
    return (await this.worker(model, dir)).generator;
  }

  /**
   * The finished symbol for a normalized, validated seed (see lib/seeds/seed parseSeed), truncated by `psi` (the
   * strangeness, default 1), in `style` (a style id of a conditional model, from ?k=) or, when null, the seed's own.
   */
  render(model: ModelEntry, seed: string, dir = modelsDir(), psi = 1, style: string | null = null): Promise<RenderedSymbol> {
    const key = `${modelKey(model)}|${dir}|${seed}|${psi}|${style ?? ''}`;
    const hit = this.symbols.get(key);
    if (hit) return hit;
    const promise = this.worker(model, dir).then((w) => w.render(seed, psi, style));
    this.symbols.set(key, promise);
    promise.catch(() => this.symbols.delete(key));
    return promise;
  }

  /** Drop every loaded model (freeing its tensors) and every finished symbol. */
  dispose(): void {
    for (const p of this.workers.values()) p.then((w) => w.generator.dispose()).catch(() => undefined);
    this.workers.clear();
    this.symbols.clear();
  }

  private worker(model: ModelEntry, dir: string): Promise<ModelWorker> {
    const key = `${modelKey(model)}|${dir}`;
    let promise = this.workers.get(key);
    if (!promise) {
      promise = load({ model, source: fileModelSource(dir), backends: SERVER_BACKENDS }).then((g) => new ModelWorker(g));
      this.workers.set(key, promise);
      // A failed load is forgotten, so the next request tries again (e.g. after the files are fixed).
      promise.catch(() => this.workers.delete(key));
    }
    return promise;
  }
}

const shared = new SymbolServer();

/** The finished symbol for a seed from the process's shared SymbolServer (see SymbolServer.render). */
export function renderSymbol(model: ModelEntry, seed: string, dir = modelsDir(), psi = 1, style: string | null = null): Promise<RenderedSymbol> {
  return shared.render(model, seed, dir, psi, style);
}
