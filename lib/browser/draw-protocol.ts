/**
 * The messages between /draw (lib/browser/draw-client) and Draw to find's worker (lib/browser/draw-worker,
 * lib/browser/draw-host), DOM-free so both ends are unit-tested in Node:
 *
 *   page -> worker   find (a drawing's field for a model)
 *   worker -> page   progress (loading, then the search's steps), found (the candidates), error
 *
 * A separate worker from the generator's (lib/browser/generator-worker): the search needs the networks themselves
 * (the generator, its gradients and the encoder), which that worker keeps behind SymbolGenerator, and only /draw
 * pays for it. Fields and latents travel as transferred Float32Arrays; errors as their name and message
 * (lib/browser/worker-protocol).
 */
import type { ProjectorProgress } from '../draw/projector';
import type { FoundCandidate } from '../draw/session';
import type { BackendName } from '../model/backend';
import type { ModelEntry } from '../model/model-folder';
import type { SerializedError } from './worker-protocol';

export type DrawRequest = { type: 'find'; id: number; model: ModelEntry; field: Float32Array; backends?: readonly BackendName[] };

export type DrawAnswer =
  | { type: 'progress'; id: number; progress: ProjectorProgress }
  | { type: 'found'; id: number; candidates: FoundCandidate[]; backend: BackendName; ms: number; tensors: number }
  | { type: 'error'; id: number; error: SerializedError };

/** The buffers a message can hand over instead of copying. */
export function drawTransferables(message: DrawRequest | DrawAnswer): ArrayBuffer[] {
  const arrays = message.type === 'find' ? [message.field] : message.type === 'found' ? message.candidates.flatMap((c) => [c.latent, c.field]) : [];
  return [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))];
}
