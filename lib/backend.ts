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
export async function useBackend(name: BackendName, options: BackendOptions = {}): Promise<boolean> {
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

/** The backends in `order` that could be tried, checked one by one by the caller (see generator.load). */
export function backendOrder(preferred?: readonly BackendName[]): BackendName[] {
  const order = (preferred ?? BACKENDS).filter((b): b is BackendName => (BACKENDS as readonly string[]).includes(b));
  return order.length ? [...new Set(order)] : [...BACKENDS];
}

/** Start the first backend of `order` that works; throws listing what was tried when none does. */
export async function selectBackend(order: readonly BackendName[] = BACKENDS, options: BackendOptions = {}): Promise<BackendName> {
  for (const name of backendOrder(order)) {
    if (await useBackend(name, options)) return name;
  }
  throw new Error(`No TensorFlow.js backend could start (tried ${backendOrder(order).join(', ')}).`);
}
