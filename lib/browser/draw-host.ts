/**
 * The draw worker's side of lib/browser/draw-protocol, DOM-free: one projector (lib/draw/projector) at a time,
 * loaded for the model a request names and kept for the next drawing; requests are answered one at a time, in
 * order, so a search has the backend to itself. lib/browser/draw-worker wires it to the worker's global; the unit
 * tests to the fixture model on the CPU backend.
 */
import type { Projector, ProjectorProgress } from '../draw/projector';
import type { BackendName } from '../model/backend';
import type { ModelEntry } from '../model/model-folder';
import { drawTransferables, type DrawAnswer, type DrawRequest } from './draw-protocol';
import { serializeError } from './worker-protocol';

export interface DrawHostDeps {
  load(model: ModelEntry, backends: readonly BackendName[] | undefined, onProgress: (p: ProjectorProgress) => void): Promise<Projector>;
  liveTensors(): number;
  now(): number;
}

export function createDrawHost(deps: DrawHostDeps, post: (answer: DrawAnswer, transfer: ArrayBuffer[]) => void) {
  let projector: Projector | null = null;
  let queue: Promise<void> = Promise.resolve();
  const send = (answer: DrawAnswer) => post(answer, drawTransferables(answer));

  async function run(message: DrawRequest): Promise<void> {
    const { id } = message;
    const onProgress = (progress: ProjectorProgress) => send({ type: 'progress', id, progress });
    try {
      if (!projector || projector.model.id !== message.model.id || projector.model.sha256 !== message.model.sha256) {
        projector?.dispose();
        projector = null;
        projector = await deps.load(message.model, message.backends, onProgress);
      }
      const t0 = deps.now();
      const found = await projector.find(message.field, {}, onProgress);
      const candidates = found.results.map((r) => ({ latent: r.candidate.latent, style: r.candidate.style, field: r.field, loss: r.loss }));
      send({ type: 'found', id, candidates, backend: projector.backend, ms: Math.round(deps.now() - t0), tensors: deps.liveTensors() });
    } catch (error) {
      send({ type: 'error', id, error: serializeError(error) });
    }
  }

  return {
    /** Handles one message; resolves once it is answered. Never rejects: failures are answered as errors. */
    handle(message: DrawRequest): Promise<void> {
      queue = queue.then(() => run(message));
      return queue;
    },
  };
}
