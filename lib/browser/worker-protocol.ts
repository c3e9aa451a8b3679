/**
 * The messages between the page (lib/browser/generator-client) and the generator's worker
 * (lib/browser/generator-worker, lib/browser/generator-host), DOM-free so both ends are unit-tested in Node.
 *
 *   page -> worker   load (a model under a handle the page chose), generate (a batch for a handle), dispose
 *   worker -> page   progress and loaded (answers to load), images (to generate), error (to either),
 *                    device-lost (unasked: the worker's WebGL context is gone and the page should start a new worker)
 *
 * Every answer names the request it answers (`id`) and carries the worker's live tensor count, which the gallery
 * and morph pages show for their leak checks. A batch travels as one packed Float32Array each way whose buffers
 * are transferred, not copied. Errors cross as their name and message, so the page shows the same words as before.
 */
import type { BackendName } from '../model/backend';
import type { LoadProgress } from '../model/generator';
import type { ModelEntry } from '../model/model-folder';

export type WorkerRequest =
  | { type: 'load'; id: number; handle: number; model: ModelEntry; backends?: readonly BackendName[] }
  | { type: 'generate'; id: number; handle: number; batch: PackedBatch }
  | { type: 'dispose'; handle: number };

export type WorkerAnswer =
  | { type: 'progress'; id: number; progress: LoadProgress }
  | { type: 'loaded'; id: number; backend: BackendName; fromCache: boolean; tensors: number }
  | { type: 'images'; id: number; images: Float32Array[]; backend: BackendName; tensors: number }
  | { type: 'error'; id: number; error: SerializedError }
  | { type: 'device-lost'; backend: BackendName };

/** Latents (and a conditional model's style vectors) of one batch, each list packed end to end. */
export interface PackedBatch {
  count: number;
  latents: Float32Array;
  styles?: Float32Array;
}

export interface SerializedError {
  name: string;
  message: string;
}

function pack(vectors: readonly Float32Array[]): Float32Array {
  const size = vectors[0]?.length ?? 0;
  const out = new Float32Array(vectors.length * size);
  vectors.forEach((v, i) => {
    if (v.length !== size) throw new Error(`Vector ${i} of the batch has ${v.length} values, the first has ${size}.`);
    out.set(v, i * size);
  });
  return out;
}

function unpack(packed: Float32Array, count: number): Float32Array[] {
  if (count <= 0 || packed.length % count !== 0) throw new Error(`A batch of ${count} cannot hold ${packed.length} values.`);
  const size = packed.length / count;
  return Array.from({ length: count }, (_, i) => packed.subarray(i * size, (i + 1) * size));
}

/** Copies a batch into fresh buffers the page can transfer (the caller keeps its own arrays). */
export function packBatch(latents: readonly Float32Array[], styles?: readonly Float32Array[]): PackedBatch {
  if (styles && styles.length !== latents.length) throw new Error(`${latents.length} latents but ${styles.length} style vectors.`);
  return { count: latents.length, latents: pack(latents), ...(styles ? { styles: pack(styles) } : {}) };
}

/** The batch as SymbolGenerator.generate takes it: views into the transferred buffers, no copy. */
export function unpackBatch(batch: PackedBatch): { latents: Float32Array[]; styles?: Float32Array[] } {
  return { latents: unpack(batch.latents, batch.count), ...(batch.styles ? { styles: unpack(batch.styles, batch.count) } : {}) };
}

/** The buffers a message can hand over instead of copying. */
export function transferables(message: WorkerRequest | WorkerAnswer): ArrayBuffer[] {
  const arrays =
    message.type === 'generate'
      ? [message.batch.latents, ...(message.batch.styles ? [message.batch.styles] : [])]
      : message.type === 'images'
        ? message.images
        : [];
  // Views into a shared buffer (the worker's unpacked batch) must not be listed twice.
  return [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))];
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

/** An Error with the name and message it had in the worker (ModelIntegrityError, ModelFormatError, DownloadError, …). */
export function deserializeError(error: SerializedError): Error {
  const out = new Error(error.message);
  out.name = error.name;
  return out;
}
