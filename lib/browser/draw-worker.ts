/**
 * Draw to find's worker (started by lib/browser/draw-client): TensorFlow.js, the model and its encoder, and the
 * search through the generator's gradients, off the page's main thread. Models come through the generator's
 * fetch and Cache Storage adapters (lib/browser/model-source), so bytes the generator's worker cached are reused.
 */
import * as tf from '@tensorflow/tfjs-core';

import { loadProjector } from '../draw/projector';
import { TFJS_WASM_ROOT } from '../model/activate-backend';
import { createDrawHost } from './draw-host';
import type { DrawRequest } from './draw-protocol';
import { cacheStorageByteCache, fetchModelSource } from './model-source';

const source = fetchModelSource();
const cache = cacheStorageByteCache();

const host = createDrawHost(
  {
    load: (model, backends, onProgress) => loadProjector({ model, source, cache, backends, backendOptions: { wasmRoot: TFJS_WASM_ROOT }, onProgress }),
    liveTensors: () => tf.memory().numTensors,
    now: () => performance.now(),
  },
  (answer, transfer) => self.postMessage(answer, { transfer }),
);

self.addEventListener('message', (event: MessageEvent<DrawRequest>) => void host.handle(event.data));
