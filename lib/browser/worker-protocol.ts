/**
 * The messages between the page (lib/browser/generator-client) and the generator's worker
 * (lib/browser/generator-worker, lib/browser/generator-host), DOM-free so both ends are unit-tested in Node.
 *
 *   page -> worker   load (a model under a handle the page chose), generate (a batch for a handle), critique (masks
 *                    for a resampled model's critic, lib/seeds/resample), dispose
 *   worker -> page   progress and loaded (answers to load), images (to generate), logits (to critique), error (to any),
 *                    device-lost (unasked: the worker's WebGL context is gone and the page should start a new worker)
 *
 * Every answer names the request it answers (`id`) and carries the worker's live tensor count, which the gallery
 * and morph pages show for their leak checks. A batch travels as one packed Float32Array each way (masks as one packed
 * Uint8Array, logits as one Float32Array) whose buffers are transferred, not copied. Errors cross as their name and message, so the page shows the same words as before.
 */
import type { BackendName } from '../model/backend';
import type { LoadProgress } from '../model/generator';
import type { ModelEntry } from '../model/model-folder';

export type WorkerRequest =
  | { type: 'load'; id: number; handle: number; model: ModelEntry; backends?: readonly BackendName[] }
  | { type: 'generate'; id: number; handle: number; batch: PackedBatch }
  | { type: 'critique'; id: number; handle: number; masks: PackedMasks }
  | { type: 'dispose'; handle: number };

export type WorkerAnswer =
  | { type: 'progress'; id: number; progress: LoadProgress }
  | { type: 'loaded'; id: number; backend: BackendName; fromCache: boolean; tensors: number }
  | { type: 'images'; id: number; images: Float32Array[]; backend: BackendName; tensors: number }
  | { type: 'logits'; id: number; logits: Float32Array; backend: BackendName; tensors: number }
  | { type: 'error'; id: number; error: SerializedError }
  | { type: 'device-lost'; backend: BackendName };

/** Latents (and a conditional model's style vectors) of one batch, each list packed end to end. */
export interface PackedBatch {
  count: number;
  latents: Float32Array;
  styles?: Float32Array;
}

/** Masks of one critique (resolution^2 values each, 1 = ink), end to end. */
export interface PackedMasks {
  count: number;
  masks: Uint8Array;
}

export interface SerializedError {
  name: string;
  message: string;
}

function pack<T extends Float32Array | Uint8Array>(vectors: readonly T[], make: (length: number) => T): T {
  const size = vectors[0]?.length ?? 0;
  const out = make(vectors.length * size);
  vectors.forEach((v, i) => {
    if (v.length !== size) throw new Error(`Vector ${i} of the batch has ${v.length} values, the first has ${size}.`);
    out.set(v, i * size);
  });
  return out;
}

function unpack<T extends Float32Array | Uint8Array>(packed: T, count: number): T[] {
  if (count <= 0 || packed.length % count !== 0) throw new Error(`A batch of ${count} cannot hold ${packed.length} values.`);
  const size = packed.length / count;
  return Array.from({ length: count }, (_, i) => packed.subarray(i * size, (i + 1) * size) as T);
}

/** Copies a batch into fresh buffers the page can transfer (the caller keeps its own arrays). */
export function packBatch(latents: readonly Float32Array[], styles?: readonly Float32Array[]): PackedBatch {
  if (styles && styles.length !== latents.length) throw new Error(`${latents.length} latents but ${styles.length} style vectors.`);
  const floats = (length: number) => new Float32Array(length);
  return { count: latents.length, latents: pack(latents, floats), ...(styles ? { styles: pack(styles, floats) } : {}) };
}

/** The batch as SymbolGenerator.generate takes it: views into the transferred buffers, no copy. */
export function unpackBatch(batch: PackedBatch): { latents: Float32Array[]; styles?: Float32Array[] } {
  return { latents: unpack(batch.latents, batch.count), ...(batch.styles ? { styles: unpack(batch.styles, batch.count) } : {}) };
}

/** Copies masks into one fresh buffer the page can transfer. */
export function packMasks(masks: readonly Uint8Array[]): PackedMasks {
  return { count: masks.length, masks: pack(masks, (length) => new Uint8Array(length)) };
}

/** The masks as SymbolGenerator.critique takes them: views into the transferred buffer, no copy. */
export function unpackMasks(packed: PackedMasks): Uint8Array[] {
  return unpack(packed.masks, packed.count);
}

/** The buffers a message can hand over instead of copying. */
export function transferables(message: WorkerRequest | WorkerAnswer): ArrayBuffer[] {
  const arrays: (Float32Array | Uint8Array)[] =
    message.type === 'generate'
      ? [message.batch.latents, ...(message.batch.styles ? [message.batch.styles] : [])]
      : message.type === 'images'
        ? message.images
        : message.type === 'critique'
          ? [message.masks.masks]
          : message.type === 'logits'
            ? [message.logits]
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
