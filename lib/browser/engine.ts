/**
 * One generator per model per page, shared by every component, and all of them in one module worker
 * (lib/browser/generator-worker): TensorFlow.js, the model download and cache, the backend and the forward
 * passes stay off the main thread, which never imports TensorFlow.js (tests/unit/main-thread-imports.test.ts).
 * The first caller loads a model (with progress), later callers reuse it. A failed load is forgotten so
 * "Retry" starts afresh, in a new worker if the last one failed (lib/browser/generator-client).
 */
import type { BackendName } from '../model/backend';
import type { LoadProgress } from '../model/generator';
import type { ModelEntry } from '../model/model-folder';
import { GeneratorClient, type PageGenerator, type StartWorker } from './generator-client';
import type { WorkerAnswer } from './worker-protocol';

const startWorker: StartWorker = (events) => {
  // The bundler finds the worker's entry by this expression and bundles TensorFlow.js into the worker's chunks only.
  const worker = new Worker(new URL('./generator-worker.ts', import.meta.url), { type: 'module', name: 'generator' });
  worker.onmessage = (event: MessageEvent<WorkerAnswer>) => events.answer(event.data);
  worker.onerror = (event) => {
    event.preventDefault();
    events.fail(event.message || 'its script did not load');
  };
  worker.onmessageerror = () => events.fail('a message from it could not be read');
  return { post: (message, transfer) => worker.postMessage(message, transfer), terminate: () => worker.terminate() };
};

const client = new GeneratorClient(startWorker);
const loading = new Map<string, Promise<PageGenerator>>();
const listeners = new Map<string, Set<(p: LoadProgress) => void>>();

export function getGenerator(
  model: ModelEntry,
  options: { onProgress?: (p: LoadProgress) => void; backends?: readonly BackendName[] } = {},
): Promise<PageGenerator> {
  const key = `${model.id}|${options.backends?.join(',') ?? ''}`;
  if (options.onProgress) {
    const set = listeners.get(key) ?? new Set();
    set.add(options.onProgress);
    listeners.set(key, set);
  }
  let promise = loading.get(key);
  if (!promise) {
    promise = client.load(model, options.backends, (p) => listeners.get(key)?.forEach((fn) => fn(p)));
    loading.set(key, promise);
    promise.catch(() => loading.delete(key));
  }
  return promise;
}

export function removeProgressListener(model: ModelEntry, fn: (p: LoadProgress) => void, backends?: readonly BackendName[]): void {
  listeners.get(`${model.id}|${backends?.join(',') ?? ''}`)?.delete(fn);
}

/** Live tensors in the worker's TensorFlow.js after its latest answer (the gallery and morph pages expose it for the leak checks). */
export function liveTensors(): number {
  return client.tensors;
}
