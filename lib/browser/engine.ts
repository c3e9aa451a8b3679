/**
 * One generator per model per page, shared by every component: the first caller loads it (with
 * progress), later callers reuse it. A failed load is forgotten so "Retry" starts afresh.
 */
import * as tf from '@tensorflow/tfjs-core';

import { BACKENDS, type BackendName } from '../model/backend';
import { load, type LoadProgress, type SymbolGenerator } from '../model/generator';
import type { ModelEntry } from '../model/model-folder';
import { cacheStorageByteCache, fetchModelSource } from './model-source';

const loading = new Map<string, Promise<SymbolGenerator>>();
const listeners = new Map<string, Set<(p: LoadProgress) => void>>();

const WASM_PATH = '/tfjs-wasm/';

export function getGenerator(
  model: ModelEntry,
  options: { onProgress?: (p: LoadProgress) => void; backends?: readonly BackendName[] } = {},
): Promise<SymbolGenerator> {
  const key = `${model.id}|${options.backends?.join(',') ?? ''}`;
  if (options.onProgress) {
    const set = listeners.get(key) ?? new Set();
    set.add(options.onProgress);
    listeners.set(key, set);
  }
  let promise = loading.get(key);
  if (!promise) {
    promise = load({
      model,
      source: fetchModelSource(),
      cache: cacheStorageByteCache(),
      backends: options.backends,
      backendOptions: { wasmPath: WASM_PATH },
      onProgress: (p) => listeners.get(key)?.forEach((fn) => fn(p)),
    });
    loading.set(key, promise);
    promise.catch(() => loading.delete(key));
  }
  return promise;
}

export function removeProgressListener(model: ModelEntry, fn: (p: LoadProgress) => void, backends?: readonly BackendName[]): void {
  listeners.get(`${model.id}|${backends?.join(',') ?? ''}`)?.delete(fn);
}

/** `?backend=wasm` or `?backend=wasm,cpu` pins the backend order (for comparisons and benchmarks). */
export function backendsFromUrl(): readonly BackendName[] | undefined {
  const raw = new URLSearchParams(window.location.search).get('backend');
  if (!raw) return undefined;
  const list = raw.split(',').filter((b): b is BackendName => (BACKENDS as readonly string[]).includes(b));
  return list.length ? list : undefined;
}

/** Live tensors in TensorFlow.js right now (the gallery and morph pages expose it for the leak checks). */
export function liveTensors(): number {
  return tf.memory().numTensors;
}
