/**
 * The generator's worker (started by lib/browser/engine): the only place in the browser that loads TensorFlow.js.
 * It downloads and caches the model (lib/browser/model-source: fetch and Cache Storage work in workers too),
 * starts a backend (WebGL on an OffscreenCanvas where the browser offers one there, else wasm, else CPU:
 * lib/model/activate-backend) and runs the forward passes, answering the page through lib/browser/generator-host.
 * Here only what needs the worker's global: TensorFlow.js, the WebGL context it watches, the message port.
 */
import type { MathBackendWebGL } from '@tensorflow/tfjs-backend-webgl';
import * as tf from '@tensorflow/tfjs-core';

import { TFJS_WASM_ROOT } from '../model/activate-backend';
import { load } from '../model/generator';
import { createGeneratorHost } from './generator-host';
import { cacheStorageByteCache, fetchModelSource } from './model-source';
import type { WorkerRequest } from './worker-protocol';

const source = fetchModelSource();
const cache = cacheStorageByteCache();
/** The WebGL context whose loss is being watched (tfjs keeps one per worker). */
let watched: WebGLRenderingContext | null = null;

const host = createGeneratorHost(
  {
    load: (model, backends, onProgress) => load({ model, source, cache, backends, backendOptions: { wasmRoot: TFJS_WASM_ROOT }, onProgress }),
    liveTensors: () => tf.memory().numTensors,
    watchDevice(backend, onLost) {
      if (backend !== 'webgl') return;
      const gl = (tf.backend() as MathBackendWebGL).gpgpu.gl;
      if (gl === watched) return;
      watched = gl;
      // Lost already (while the backend started or the model was built): its event may have come before anyone listened.
      if (gl.isContextLost()) onLost();
      else (gl.canvas as EventTarget).addEventListener('webglcontextlost', onLost, { once: true });
    },
    deviceLost: () => watched?.isContextLost() ?? false,
  },
  (answer, transfer) => self.postMessage(answer, { transfer }),
);

self.addEventListener('message', (event: MessageEvent<WorkerRequest>) => void host.handle(event.data));
