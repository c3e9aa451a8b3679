/**
 * Starting a TensorFlow.js backend, shared by the browser's generator worker and Node: lib/model/generator's
 * load tries each backend of lib/model/backend's order here and keeps the first that starts. Backends are
 * imported on demand, so a worker that runs on WebGL never downloads the wasm or CPU backend code.
 */
import * as tf from '@tensorflow/tfjs-core';

import type { BackendName } from './backend';

export interface BackendOptions {
  /**
   * Where the tfjs wasm binaries are served from (browser: TFJS_WASM_ROOT), one folder per tfjs version:
   * the installed version's are in `<wasmRoot><version>/` (scripts/copy-tfjs-wasm.mjs puts them there), so
   * that URL never changes its bytes and can be cached for good. Node finds them itself.
   */
  wasmRoot?: string;
}

/** Where the browser's worker fetches the tfjs wasm binaries from (its BackendOptions.wasmRoot). */
export const TFJS_WASM_ROOT = '/tfjs-wasm/';

/** The folder of the wasm binaries of tfjs `version` under `wasmRoot` (ending in '/'): the layout scripts/copy-tfjs-wasm.mjs writes. */
export function tfjsWasmFolder(wasmRoot: string, version: string): string {
  return `${wasmRoot}${version}/`;
}

async function register(name: BackendName, options: BackendOptions): Promise<void> {
  if (tf.findBackendFactory(name)) return;
  if (name === 'webgl') {
    await import('@tensorflow/tfjs-backend-webgl');
  } else if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    if (options.wasmRoot) wasm.setWasmPaths(tfjsWasmFolder(options.wasmRoot, wasm.version_wasm));
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
