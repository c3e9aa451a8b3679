/**
 * The page's side of Draw to find's worker (lib/browser/draw-worker): one worker, started on the first search and
 * kept for the next ones; `find` posts a drawing and resolves with the candidates, reporting progress on the way.
 * A worker that fails to start or crashes fails the search in flight with a clear error, and the next search starts
 * a new one. The main thread never imports TensorFlow.js (tests/unit/main-thread-imports.test.ts).
 */
import type { ProjectorProgress } from '../draw/projector';
import type { BackendName } from '../model/backend';
import type { ModelEntry } from '../model/model-folder';
import type { FoundCandidate } from '../draw/session';
import { drawTransferables, type DrawAnswer, type DrawRequest } from './draw-protocol';
import { deserializeError } from './worker-protocol';

export interface FoundSymbols {
  candidates: FoundCandidate[];
  backend: BackendName;
  ms: number;
}

interface Pending {
  resolve(found: FoundSymbols): void;
  reject(error: Error): void;
  onProgress?: (p: ProjectorProgress) => void;
}

/** How the client gets a worker: the real one in the browser, a loopback in the unit tests. */
export type StartDrawWorker = (events: { answer(a: DrawAnswer): void; fail(reason: string): void }) => {
  post(message: DrawRequest, transfer: ArrayBuffer[]): void;
  terminate(): void;
};

export const startBrowserDrawWorker: StartDrawWorker = (events) => {
  // The bundler finds the worker's entry by this expression and bundles TensorFlow.js into the worker's chunks only.
  const worker = new Worker(new URL('./draw-worker.ts', import.meta.url), { type: 'module', name: 'draw' });
  worker.onmessage = (event: MessageEvent<DrawAnswer>) => events.answer(event.data);
  worker.onerror = (event) => {
    event.preventDefault();
    events.fail(event.message || 'its script did not load');
  };
  worker.onmessageerror = () => events.fail('a message from it could not be read');
  return { post: (message, transfer) => worker.postMessage(message, transfer), terminate: () => worker.terminate() };
};

export class DrawClient {
  private worker: ReturnType<StartDrawWorker> | null = null;
  private pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(private readonly start: StartDrawWorker = startBrowserDrawWorker) {}

  /** The candidates for a drawing's field (lib/draw/rasterize), closest first. */
  find(model: ModelEntry, field: Float32Array, onProgress?: (p: ProjectorProgress) => void, backends?: readonly BackendName[]): Promise<FoundSymbols> {
    const id = this.nextId++;
    const copy = field.slice();
    return new Promise<FoundSymbols>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      const message: DrawRequest = { type: 'find', id, model, field: copy, ...(backends ? { backends } : {}) };
      try {
        this.ensureWorker().post(message, drawTransferables(message));
      } catch (error) {
        this.pending.delete(id);
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  private ensureWorker() {
    this.worker ??= this.start({ answer: (a) => this.answer(a), fail: (reason) => this.fail(reason) });
    return this.worker;
  }

  private answer(a: DrawAnswer): void {
    const p = this.pending.get(a.id);
    if (!p) return;
    if (a.type === 'progress') return p.onProgress?.(a.progress);
    this.pending.delete(a.id);
    if (a.type === 'found') p.resolve({ candidates: a.candidates, backend: a.backend, ms: a.ms });
    else p.reject(deserializeError(a.error));
  }

  private fail(reason: string): void {
    this.worker?.terminate();
    this.worker = null;
    const error = new Error(`Draw to find's worker stopped (${reason}). Try again.`);
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }
}
