/**
 * TensorFlow.js backend selection, shared by the browser and Node: try each backend in order
 * (WebGL -> wasm -> CPU by default) and keep the first that initializes. Backends are imported on
 * demand, so a page that runs on WebGL never downloads the wasm or CPU backend code.
 */
import * as tf from '@tensorflow/tfjs-core';

export const BACKENDS = ['webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

export const BACKEND_LABELS: Record<BackendName, string> = {
  webgl: 'WebGL (GPU)',
  wasm: 'WebAssembly',
  cpu: 'plain JavaScript (CPU)',
};

export interface BackendOptions {
  /** Where the tfjs wasm binaries are served from (browser: '/tfjs-wasm/'). Node finds them itself. */
  wasmPath?: string;
}

async function register(name: BackendName, options: BackendOptions): Promise<void> {
  if (tf.findBackendFactory(name)) return;
  if (name === 'webgl') {
    await import('@tensorflow/tfjs-backend-webgl');
  } else if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    if (options.wasmPath) wasm.setWasmPaths(options.wasmPath);
  } else {
    await import('@tensorflow/tfjs-backend-cpu');
  }
}

/** Make `name` the active backend. Returns false (never throws) when it cannot start here. */
export async function activateBackend(name: BackendName, options: BackendOptions = {}): Promise<boolean> {
  try {
    await register(name, options);
    const ok = await tf.setBackend(name);
    if (!ok) return false;
    await tf.ready();
    return tf.getBackend() === name;
  } catch {
    return false;
  }
}

/** The backends of `preferred` worth trying, in order and without repeats (all of them when none is known); lib/model/generator's load tries each. */
export function backendOrder(preferred?: readonly BackendName[]): BackendName[] {
  const order = (preferred ?? BACKENDS).filter((b): b is BackendName => (BACKENDS as readonly string[]).includes(b));
  return order.length ? [...new Set(order)] : [...BACKENDS];
}
