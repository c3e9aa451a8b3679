/**
 * Draw to find's networks in the draw worker: a model's generator (and denoiser) with its encoder, loaded once,
 * then `find(field)`: the encoder's guess, the refinement in the guess's likeliest styles (lib/draw/projection), and
 * the candidates drawn from their latents rounded as a latent link keeps them (lib/latent/codec quantizeLatent), so
 * the symbol shown is the one its /z/ link draws. DOM-free: the worker gives it fetch and Cache Storage, the unit
 * tests a fixture folder on disk.
 *
 * Files come through the generator's ModelSource and ByteCache under the generator's own cache keys, so a visitor
 * who has seen a symbol downloads only the encoder here. Every file is checked against index.json (the generator's
 * sha256, then the encoder's) before it is used; a cached copy that fails is dropped and fetched again once.
 */
import * as tf from '@tensorflow/tfjs-core';

import { concatBytes, sha256Hex } from '../bytes';
import { quantizeLatent } from '../latent/codec';
import { activateBackend, type BackendOptions } from '../model/activate-backend';
import { backendOrder, type BackendName } from '../model/backend';
import { ModelIntegrityError, type ByteCache, type ModelSource } from '../model/generator';
import { inputSize } from '../model/generator-input';
import { modelJsonSchema, type ModelEntry } from '../model/model-folder';
import { weightFiles } from '../model/model-index';
import { buildNetwork, ModelFormatError, type Network } from '../model/network';
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
  /** A drawing's field (resolution^2, -1 ink, 1 paper) -> the closest symbols in `candidates` styles. */
  find(field: Float32Array, options?: { candidates?: number; refine?: RefineOptions }, onProgress?: (p: ProjectorProgress) => void): Promise<Found>;
  dispose(): void;
}

/** Styles refined side by side: the best is the result, the others the runner-ups the page shows. */
export const CANDIDATES = 4;

/** One network's files under `prefix`, cache first; `fromCache` says whether any came from there. */
async function readNetwork(o: ProjectorOptions, prefix: string, hash: string, useCache: boolean, onBytes: (n: number) => void) {
  let fromCache = false;
  const fetched = new Map<string, Uint8Array>();
  const read = async (file: string) => {
    const key = `${o.model.id}/${prefix}${file}?sha256=${hash}`;
    const cached = useCache && o.cache ? await o.cache.get(key).catch(() => null) : null;
    if (cached) {
      fromCache = true;
      onBytes(cached.byteLength);
      return cached;
    }
    const bytes = await o.source.read(o.model.id, prefix + file, { onBytes });
    fetched.set(key, bytes);
    return bytes;
  };
  const modelJson = await read('model.json');
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(modelJson));
  } catch {
    throw new ModelFormatError(`${prefix}model.json of "${o.model.id}" is not JSON.`);
  }
  const parsed = modelJsonSchema.safeParse(json);
  if (!parsed.success) throw new ModelFormatError(`${prefix}model.json of "${o.model.id}" is not a TensorFlow.js LayersModel.`);
  const shards: Uint8Array[] = [];
  for (const file of weightFiles(parsed.data)) shards.push(await read(file));
  return { files: { modelJson, shards }, parsed: parsed.data, fromCache, fetched };
}

/** The networks under `prefixes`, checked together against `hash` (index.json's sha256 covers them in this order). */
async function readVerified(o: ProjectorOptions, prefixes: readonly string[], hash: string, onBytes: (n: number) => void) {
  for (const useCache of [true, false]) {
    const nets = [];
    for (const prefix of prefixes) nets.push(await readNetwork(o, prefix, hash, useCache, onBytes));
    o.onProgress?.({ phase: 'verify', done: 0, total: 0 });
    const actual = await sha256Hex(concatBytes(nets.flatMap((n) => [n.files.modelJson, ...n.files.shards])));
    if (actual === hash) {
      // Caching is best effort, and only of checked bytes: a full or unavailable cache costs a download next time.
      await Promise.all(nets.flatMap((n) => [...n.fetched].map(([key, bytes]) => o.cache?.put(key, bytes).catch(() => undefined))));
      return nets;
    }
    if (!nets.some((n) => n.fromCache)) throw new ModelIntegrityError(o.model.id, hash, actual);
  }
  throw new ModelIntegrityError(o.model.id, hash, 'unknown');
}

function build(net: Awaited<ReturnType<typeof readNetwork>>): Network {
  const { parsed, files } = net;
  return buildNetwork(parsed.modelTopology, parsed.weightsManifest.flatMap((g) => g.weights) as unknown as tf.io.WeightsManifestEntry[], concatBytes(files.shards).buffer);
}

export async function loadProjector(o: ProjectorOptions): Promise<Projector> {
  const { model } = o;
  if (!model.encoder) throw new NoEncoderError(model);
  const total = model.bytes + model.encoder.bytes;
  let loaded = 0;
  const onBytes = (n: number) => {
    loaded += n;
    o.onProgress?.({ phase: 'download', done: loaded, total });
  };
  const generatorFiles = await readVerified(o, model.denoiser ? ['', `${model.denoiser}/`] : [''], model.sha256, onBytes);
  const [encoderFiles] = await readVerified(o, [`${model.encoder.folder}/`], model.encoder.sha256, onBytes);
  const failures: string[] = [];
  for (const backend of backendOrder(o.backends)) {
    o.onProgress?.({ phase: 'backend', done: 0, total: 0 });
    if (!(await activateBackend(backend, o.backendOptions))) {
      failures.push(`${backend}: unavailable`);
      continue;
    }
    const nets: Network[] = [];
    try {
      for (const n of generatorFiles) nets.push(build(n));
      nets.push(build(encoderFiles!));
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
      const { latents, history } = await refine(differentiable, field, model.resolution, starts, styles, steps, (done, total) => onProgress?.({ phase: 'refine', done, total }));
      onProgress?.({ phase: 'draw', done: steps.steps, total: steps.steps });
      const refined: Candidate[] = starts.map((c, i) => ({ ...c, latent: quantizeLatent(latents[i]!) }));
      return { results: await score(generate, field, model.resolution, refined, styles), guess: first, history };
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      nets.forEach((n) => n.dispose());
    },
  };
}
