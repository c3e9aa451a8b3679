/**
 * The worker's side of lib/browser/worker-protocol, DOM-free: holds the generators the page loaded (by the
 * handle the page chose) and answers each message. lib/browser/generator-worker wires it to the worker's
 * global with the real TensorFlow.js, model download and cache; the unit tests wire it to a fixture model
 * on the CPU backend and a fake port.
 *
 * Messages are handled one at a time, in order: a forward pass has the backend to itself, and a load that
 * arrives meanwhile waits for it. A lost WebGL context is not repaired here: the host tells the page
 * (device-lost) and the page replaces the whole worker, because TensorFlow.js keeps polling the fences of a
 * lost context forever and only ending the worker ends that. For the same reason the device is watched from the
 * moment a load has started its backend, not once the load is done: a warm-up on a lost context never ends, and
 * the page, waiting for that load, would wait for good.
 */
import type { BackendName } from '../model/backend';
import type { LoadProgress, SymbolGenerator } from '../model/generator';
import type { ModelEntry } from '../model/model-folder';
import { serializeError, transferables, unpackBatch, unpackMasks, type WorkerAnswer, type WorkerRequest } from './worker-protocol';

export interface GeneratorHostDeps {
  /**
   * lib/model/generator's load with the worker's model source, cache and backend options. Like it, reports the
   * warmup phase, with the backend, as soon as that backend has started and before the warm-up pass.
   */
  load(model: ModelEntry, backends: readonly BackendName[] | undefined, onProgress: (p: LoadProgress) => void): Promise<SymbolGenerator>;
  /** TensorFlow.js's live tensors now. */
  liveTensors(): number;
  /**
   * Calls `onLost` if the device of `backend`, just started and still the active backend, is lost (a WebGL
   * context), now or later; other backends have none. Called during the load, from its warmup progress.
   */
  watchDevice(backend: BackendName, onLost: () => void): void;
  /** True when the active backend's device is lost: a failed pass is then reported as device-lost, not as an error. */
  deviceLost(): boolean;
}

export interface GeneratorHost {
  /** Handles one message; resolves once it is answered. Never rejects: failures are answered as errors. */
  handle(message: WorkerRequest): Promise<void>;
}

export function createGeneratorHost(deps: GeneratorHostDeps, post: (answer: WorkerAnswer, transfer: ArrayBuffer[]) => void): GeneratorHost {
  const generators = new Map<number, SymbolGenerator>();
  const send = (answer: WorkerAnswer) => post(answer, transferables(answer));
  let queue: Promise<void> = Promise.resolve();

  const reportLoss = (backend: BackendName) => send({ type: 'device-lost', backend });

  async function run(message: WorkerRequest): Promise<void> {
    if (message.type === 'dispose') {
      generators.get(message.handle)?.dispose();
      generators.delete(message.handle);
      return;
    }
    const { id } = message;
    let backend: BackendName | null = null;
    try {
      if (message.type === 'load') {
        const generator = await deps.load(message.model, message.backends, (progress) => {
          const started = progress.phase === 'warmup' ? progress.backend : undefined;
          if (started) deps.watchDevice(started, () => reportLoss(started));
          send({ type: 'progress', id, progress });
        });
        generators.get(message.handle)?.dispose();
        generators.set(message.handle, generator);
        send({ type: 'loaded', id, backend: generator.backend, fromCache: generator.fromCache, tensors: deps.liveTensors() });
      } else {
        const generator = generators.get(message.handle);
        if (!generator) throw new Error(`No generator was loaded under handle ${message.handle}.`);
        backend = generator.backend;
        if (message.type === 'critique') {
          const logits = await generator.critique(unpackMasks(message.masks));
          send({ type: 'logits', id, logits, backend: generator.backend, tensors: deps.liveTensors() });
        } else {
          const { latents, styles } = unpackBatch(message.batch);
          const images = await generator.generate(latents, styles);
          send({ type: 'images', id, images, backend: generator.backend, tensors: deps.liveTensors() });
        }
      }
    } catch (error) {
      if (backend && deps.deviceLost()) reportLoss(backend);
      else send({ type: 'error', id, error: serializeError(error) });
    }
  }

  return {
    handle(message) {
      queue = queue.then(() => run(message));
      return queue;
    },
  };
}
