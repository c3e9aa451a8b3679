/**
 * Draw to find's networks in the draw worker: a model's generator (and denoiser) with its encoder, loaded once,
 * then `find(field)`: the encoder's guess, the refinement in the guess's likeliest style (lib/draw/projection), the
 * refined latent drawn in the next likeliest styles too, and
 * the candidates drawn from their latents rounded as a latent link keeps them (lib/latent/codec quantizeLatent), so
 * the symbol shown is the one its /z/ link draws. DOM-free: the worker gives it fetch and Cache Storage, the unit
 * tests a fixture folder on disk.
 *
 * Files come through the generator's ModelSource and ByteCache under the generator's own cache keys, so a visitor
 * who has seen a symbol downloads only the encoder here. Every file is checked against index.json (the generator's
 * sha256, then the encoder's) before it is used; a cached copy that fails is dropped and fetched again once.
 */
import type * as tf from '@tensorflow/tfjs-core';

import { quantizeLatent } from '../latent/codec';
import { activateBackend, type BackendOptions } from '../model/activate-backend';
import { backendOrder, type BackendName } from '../model/backend';
import { inputSize } from '../model/generator-input';
import type { ModelEntry } from '../model/model-folder';
import { ModelFormatError, type Network } from '../model/network';
import { buildFromFiles, readVerifiedNetworks, type ByteCache, type ModelSource } from '../model/network-files';
import { styleCount } from '../seeds/style';
import { candidatesOf, guess, refine, REFINE_DEFAULTS, score, type Candidate, type Guess, type RefineOptions, type Scored } from './projection';

export class NoEncoderError extends Error {
  constructor(model: Pick<ModelEntry, 'id'>) {
    super(`The model ${model.id} has no encoder: it was published before Draw to find, so drawings cannot be searched with it.`);
    this.name = 'NoEncoderError';
  }
}

export type ProjectorPhase = 'download' | 'verify' | 'backend' | 'warmup' | 'encode' | 'refine' | 'draw';

export interface ProjectorProgress {
  phase: ProjectorPhase;
  /** Bytes so far (download) or steps so far (refine), out of `total`. */
  done: number;
  total: number;
}

export interface ProjectorOptions {
  model: ModelEntry;
  source: ModelSource;
  cache?: ByteCache | null;
  backends?: readonly BackendName[];
  backendOptions?: BackendOptions;
  onProgress?: (progress: ProjectorProgress) => void;
}

export interface Found {
  /** The candidates refined and drawn, closest to the drawing first; each latent is a link's (rounded to halves). */
  results: Scored[];
  /** The encoder's own guess, before any refinement. */
  guess: Guess;
  /** The refinement's summed loss before each step and after the last. */
  history: number[];
}

export interface Projector {
  readonly model: ModelEntry;
  readonly backend: BackendName;
  /**
   * A drawing's field (resolution^2, -1 ink, 1 paper) -> the closest symbols in `candidates` styles, the first
   * `refined` of them refined (the rest take the likeliest style's refined latent).
   */
  find(field: Float32Array, options?: { candidates?: number; refined?: number; refine?: RefineOptions }, onProgress?: (p: ProjectorProgress) => void): Promise<Found>;
  dispose(): void;
}

/** Styles drawn side by side: the closest is the result, the others the runner-ups the page shows. */
export const CANDIDATES = 4;
/**
 * Styles refined, likeliest first; the other candidates draw the likeliest one's refined latent in their own style
 * (one pass, no gradients). Refining all four took 12.5 s on wasm in Chromium (bench:draw, 2026-12-07): the cost of a
 * step grows with the batch, and the goal is 3 s.
 */
export const REFINED = 1;

export async function loadProjector(o: ProjectorOptions): Promise<Projector> {
  const { model } = o;
  if (!model.encoder) throw new NoEncoderError(model);
  const total = model.bytes + model.encoder.bytes;
  let loaded = 0;
  const onBytes = (n: number) => {
    loaded += n;
    o.onProgress?.({ phase: 'download', done: loaded, total });
  };
  const onVerify = () => o.onProgress?.({ phase: 'verify', done: 0, total: 0 });
  const { networks: generatorFiles } = await readVerifiedNetworks(o, model.denoiser ? ['', `${model.denoiser}/`] : [''], model.sha256, onBytes, onVerify);
  const { networks: encoderFiles } = await readVerifiedNetworks(o, [`${model.encoder.folder}/`], model.encoder.sha256, onBytes, onVerify);
  const failures: string[] = [];
  for (const backend of backendOrder(o.backends)) {
    o.onProgress?.({ phase: 'backend', done: 0, total: 0 });
    if (!(await activateBackend(backend, o.backendOptions))) {
      failures.push(`${backend}: unavailable`);
      continue;
    }
    const nets: Network[] = [];
    try {
      for (const n of generatorFiles) nets.push(buildFromFiles(n));
      nets.push(buildFromFiles(encoderFiles[0]!));
      o.onProgress?.({ phase: 'warmup', done: 0, total: 0 });
      const projector = makeProjector(model, backend, nets);
      await projector.warmUp();
      return projector;
    } catch (error) {
      nets.forEach((n) => n.dispose());
      if (error instanceof ModelFormatError) throw error;
      failures.push(`${backend}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  throw new Error(`Draw to find could not run on any backend (${failures.join('; ')}).`);
}

function makeProjector(model: ModelEntry, backend: BackendName, nets: Network[]): Projector & { warmUp(): Promise<void> } {
  const encoder = nets[nets.length - 1]!;
  const pipeline = nets.slice(0, -1);
  const styles = styleCount(model);
  const width = model.latentSize + styles;
  if (pipeline[0]!.input !== 'latent' || pipeline[0]!.inputSize !== inputSize(model)) {
    throw new ModelFormatError(`model.json of "${model.id}" does not take ${inputSize(model)} inputs as index.json says.`);
  }
  if (encoder.input !== 'image' || encoder.inputSize !== 1) throw new ModelFormatError(`encoder/model.json of "${model.id}" must take one-channel images.`);
  const generate = (input: tf.Tensor2D) => pipeline.slice(1).reduce((x, net) => net.predict(x), pipeline[0]!.predict(input));
  // The refinement's gradients go through unfused ops (see Network.predict); the symbols shown are drawn with `generate`.
  const differentiable = (input: tf.Tensor2D) => pipeline.slice(1).reduce((x, net) => net.predict(x, true), pipeline[0]!.predict(input, true));
  const encode = (images: tf.Tensor4D) => {
    const out = encoder.predict(images);
    if (out.size !== images.shape[0] * width) throw new ModelFormatError(`encoder/model.json of "${model.id}" gives [${out.shape}], not ${width} values per image.`);
    return out;
  };
  const blank = () => new Float32Array(model.resolution * model.resolution).fill(1);
  let disposed = false;
  return {
    model,
    backend,
    async warmUp() {
      const g = await guess(encode, blank(), model.resolution, model.latentSize);
      const [drawn] = await score(generate, blank(), model.resolution, candidatesOf(g, 1), styles);
      if (!drawn || !drawn.field.every(Number.isFinite)) throw new Error('The warm-up pass produced non-finite values.');
    },
    async find(field, options = {}, onProgress) {
      if (disposed) throw new Error('This projector was disposed.');
      if (field.length !== model.resolution * model.resolution) throw new Error(`A drawing for model ${model.id} has ${model.resolution ** 2} pixels, this one ${field.length}.`);
      const steps = options.refine ?? REFINE_DEFAULTS;
      onProgress?.({ phase: 'encode', done: 0, total: steps.steps });
      const first = await guess(encode, field, model.resolution, model.latentSize);
      const starts = candidatesOf(first, options.candidates ?? CANDIDATES);
      const count = Math.max(1, Math.min(starts.length, options.refined ?? REFINED));
      const { latents, history } = await refine(differentiable, field, model.resolution, starts.slice(0, count), styles, steps, (done, total) => onProgress?.({ phase: 'refine', done, total }));
      onProgress?.({ phase: 'draw', done: steps.steps, total: steps.steps });
      const refined: Candidate[] = starts.map((c, i) => ({ ...c, latent: quantizeLatent(latents[Math.min(i, count - 1)]!) }));
      return { results: await score(generate, field, model.resolution, refined, styles), guess: first, history };
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      nets.forEach((n) => n.dispose());
    },
  };
}
