/**
 * The generator: load a model folder (cache first, sha256-checked), pick a backend, warm up once,
 * then turn batches of latents into images with one forward pass (the generator, then the denoiser when
 * the model ships one, docs/model-folder.md) and one readback per batch. A resampled model (index.json `resample`)
 * loads its critic with it (lib/model/critic), which scores final masks for seed -> latent v2.
 *
 *   const gen = await load({ model, source, cache });   // ModelEntry from index.json
 *   const [image] = await gen.generate([latent]);        // Float32Array, resolution^2, tanh values
 *   const [drawn] = await gen.generate([latent], [style]); // conditional model: a style vector per latent (lib/seeds/style)
 *   const logits = await gen.critique(masks);            // resampled model: a logit per final mask
 *   gen.dispose();
 *
 * Works in the browser and in Node: file access and caching come in through the small
 * ModelSource / ByteCache adapters (lib/browser/*, lib/server/*).
 */
import * as tf from '@tensorflow/tfjs-core';

import { concatBytes, sha256Hex } from '../bytes';
import { activateBackend, type BackendOptions } from './activate-backend';
import { backendOrder, type BackendName } from './backend';
import { readCriticFiles, startCritic, type Critic } from './critic';
import { inputSize, packInputs } from './generator-input';
import { modelJsonSchema, type ModelEntry, type ModelJson } from './model-folder';
import { weightFiles } from './model-index';
import { ModelFormatError, type Network } from './network';
import { buildFromFiles, ModelIntegrityError, type ByteCache, type ModelSource, type NetworkFiles } from './network-files';

export { ModelFormatError } from './network';
export { ModelIntegrityError, type ByteCache, type ModelSource, type ReadOptions } from './network-files';

export type LoadPhase = 'download' | 'verify' | 'backend' | 'warmup';
export interface LoadProgress {
  phase: LoadPhase;
  /** Bytes downloaded so far (download phase), out of `total` (index.json's `bytes`, plus its critic's `resample.bytes`). */
  loaded: number;
  total: number;
  /** True when every model byte came from the cache. */
  fromCache: boolean;
  backend?: BackendName;
}

export interface LoadOptions {
  model: ModelEntry;
  source: ModelSource;
  cache?: ByteCache | null;
  backends?: readonly BackendName[];
  backendOptions?: BackendOptions;
  onProgress?: (progress: LoadProgress) => void;
  signal?: AbortSignal;
}

export interface SymbolGenerator {
  readonly model: ModelEntry;
  readonly backend: BackendName;
  /** True when the model bytes came from the cache instead of the network. */
  readonly fromCache: boolean;
  /**
   * One forward pass and one readback for the whole batch; each image is resolution^2 tanh values, row-major.
   * A conditional model (index.json `styles`) takes one style vector per latent (lib/seeds/style: a one-hot or a
   * blend of two), appended to it by lib/model/generator-input; an unconditional one takes latents only.
   */
  generate(latents: readonly Float32Array[], styles?: readonly Float32Array[]): Promise<Float32Array[]>;
  /**
   * The critic's logits for final masks (resolution^2 values, 1 = ink, as lib/render/postprocess makes them), one per
   * mask, in one pass: what seed -> latent v2 (lib/seeds/resample) weighs candidates by. Only a model with
   * `resample` ships a critic; for any other this rejects.
   */
  critique(masks: readonly Uint8Array[]): Promise<Float32Array>;
  dispose(): void;
}

function cacheKey(model: ModelEntry, file: string): string {
  return `${model.id}/${file}?sha256=${model.sha256}`;
}

/** One network's files: model.json and its weight shards, in manifest order. */
interface NetworkBytes {
  /** The file names, model.json first, with the folder prefix ('' for the generator, 'denoiser/' beside it). */
  files: string[];
  modelJson: Uint8Array;
  /** modelJson parsed once, when it was read. */
  parsed: ModelJson;
  shards: Uint8Array[];
}

interface ModelBytes {
  /** The generator, then the denoiser when the model has one: the order index.json's sha256 covers them. */
  networks: NetworkBytes[];
  /** Every file came from the cache. */
  fromCache: boolean;
  /** At least one file came from the cache. */
  anyCached: boolean;
}

/** The prefixes of a model's networks: the generator, then its denoiser. */
function networkPrefixes(model: ModelEntry): string[] {
  return model.denoiser ? ['', `${model.denoiser}/`] : [''];
}

const allParts = (b: ModelBytes) => b.networks.flatMap((n) => [n.modelJson, ...n.shards]);
const allFiles = (b: ModelBytes) => b.networks.flatMap((n) => n.files);

async function readAll(options: LoadOptions, useCache: boolean): Promise<ModelBytes> {
  const { model, source, cache, onProgress, signal } = options;
  const total = downloadBytes(model);
  let loaded = 0;
  let fromCache = true;
  let anyCached = false;
  const report = () => onProgress?.({ phase: 'download', loaded, total, fromCache });
  const read = async (file: string): Promise<Uint8Array> => {
    const cached = useCache && cache ? await cache.get(cacheKey(model, file)).catch(() => null) : null;
    if (cached) {
      anyCached = true;
      loaded += cached.byteLength;
      report();
      return cached;
    }
    fromCache = false;
    const bytes = await source.read(model.id, file, {
      signal,
      onBytes: (n) => {
        loaded += n;
        report();
      },
    });
    return bytes;
  };
  report();
  const networks: NetworkBytes[] = [];
  for (const prefix of networkPrefixes(model)) {
    const modelJson = await read(`${prefix}model.json`);
    const parsed = parseModelJson(modelJson, model.id);
    const files = ['model.json', ...weightFiles(parsed)].map((f) => prefix + f);
    const shards: Uint8Array[] = [];
    for (const file of files.slice(1)) shards.push(await read(file));
    networks.push({ files, modelJson, parsed, shards });
  }
  return { networks, fromCache, anyCached };
}

function parseModelJson(bytes: Uint8Array, modelId: string) {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new ModelFormatError(`model.json of "${modelId}" is not JSON.`);
  }
  const result = modelJsonSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ModelFormatError(`model.json of "${modelId}" is not a TensorFlow.js LayersModel: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return result.data;
}

/** Fetch (or take from the cache) and verify the model's bytes. A corrupt cache is dropped and refetched once. */
async function verifiedBytes(options: LoadOptions): Promise<ModelBytes> {
  const { model, cache, onProgress } = options;
  const hashOf = (b: ModelBytes) => sha256Hex(concatBytes(allParts(b)));
  const check = async (b: ModelBytes) => {
    onProgress?.({ phase: 'verify', loaded: model.bytes, total: downloadBytes(model), fromCache: b.fromCache });
    return (await hashOf(b)) === model.sha256;
  };
  let bytes: ModelBytes | null = null;
  try {
    bytes = await readAll(options, true);
  } catch (error) {
    // A cached model.json that does not parse is a corrupt cache, not a broken model: refetch below.
    if (!(error instanceof ModelFormatError) || !cache) throw error;
  }
  if (!bytes || !(await check(bytes))) {
    if (bytes && !bytes.anyCached) throw new ModelIntegrityError(model.id, model.sha256, await hashOf(bytes));
    await dropCache(options, bytes);
    bytes = await readAll(options, false);
    if (!(await check(bytes))) throw new ModelIntegrityError(model.id, model.sha256, await hashOf(bytes));
  }
  if (cache && !bytes.fromCache) {
    // Caching is best effort: a full or unavailable cache only costs a download next time.
    const parts = allParts(bytes);
    await Promise.all(allFiles(bytes).map((f, i) => cache.put(cacheKey(model, f), parts[i]!).catch(() => undefined)));
  }
  return bytes;
}

async function dropCache(options: LoadOptions, bytes: ModelBytes | null): Promise<void> {
  const { model, cache } = options;
  if (!cache) return;
  // Without bytes (a cached model.json did not parse) drop what can be named without it.
  const files = bytes ? allFiles(bytes) : networkPrefixes(model).map((p) => `${p}model.json`);
  await Promise.all(files.map((f) => cache.delete(cacheKey(model, f)).catch(() => undefined)));
}

/** The generator and, when the model has one, its denoiser: [generator, denoiser?]. */
function buildModel(bytes: ModelBytes, model: ModelEntry): Network[] {
  const nets: Network[] = [];
  try {
    for (const n of bytes.networks) nets.push(buildFromFiles(n));
    if (nets[0]!.input !== 'latent') throw new ModelFormatError(`model.json of "${model.id}" must start with a Dense layer.`);
    if (nets[0]!.inputSize !== inputSize(model)) {
      const says = model.styles ? `latentSize ${model.latentSize} + ${model.styles.length} styles` : `latentSize ${model.latentSize} and no styles`;
      throw new ModelFormatError(`model.json of "${model.id}" takes ${nets[0]!.inputSize} inputs; index.json says ${says}.`);
    }
    if (nets[1] && nets[1].input !== 'image') throw new ModelFormatError(`denoiser/model.json of "${model.id}" must start with a Conv2D layer.`);
    return nets;
  } catch (error) {
    nets.forEach((n) => n.dispose());
    throw error;
  }
}

/** Inputs [batch, inputSize] (lib/model/generator-input) -> finished images [batch, R, R, 1]: the generator, then the denoiser. Call inside tf.tidy. */
function pipeline(nets: readonly Network[], input: tf.Tensor2D): tf.Tensor4D {
  return nets.slice(1).reduce((x, net) => net.predict(x), nets[0]!.predict(input));
}

function checkOutputShape(shape: readonly number[], model: ModelEntry, batch: number): void {
  const want = [batch, model.resolution, model.resolution, 1];
  if (shape.length !== 4 || shape.some((d, i) => d !== want[i])) {
    throw new ModelFormatError(`Model "${model.id}" outputs [${shape.join(', ')}], expected [${want.join(', ')}].`);
  }
}

/** One warm-up pass on zeros, so shaders/kernels are compiled before the first real symbol. */
async function warmUp(nets: readonly Network[], model: ModelEntry): Promise<void> {
  const out = tf.tidy(() => pipeline(nets, tf.zeros([1, inputSize(model)])));
  try {
    checkOutputShape(out.shape, model, 1);
    const data = await out.data();
    for (let i = 0; i < data.length; i++) {
      if (!Number.isFinite(data[i]!)) throw new Error('The warm-up pass produced non-finite values.');
    }
  } finally {
    out.dispose();
  }
}

/** Every byte a load downloads: the generator (and denoiser), then the critic of a resampled model. */
function downloadBytes(model: ModelEntry): number {
  return model.bytes + (model.resample?.bytes ?? 0);
}

/**
 * The critic's checked files for a resampled model (null for any other), downloaded after the generator's: its
 * progress goes on from theirs (`fromCache` as theirs said until the critic's own are known).
 */
async function criticFiles(options: LoadOptions, generatorFromCache: boolean): Promise<{ files: NetworkFiles; fromCache: boolean } | null> {
  const { model, onProgress } = options;
  if (!model.resample) return null;
  const total = downloadBytes(model);
  let loaded = model.bytes;
  return readCriticFiles({ ...options, model: { ...model, resample: model.resample } }, (n) => {
    loaded += n;
    onProgress?.({ phase: 'download', loaded, total, fromCache: generatorFromCache });
  });
}

export async function load(options: LoadOptions): Promise<SymbolGenerator> {
  const { model, onProgress } = options;
  const bytes = await verifiedBytes(options);
  const critic = await criticFiles(options, bytes.fromCache);
  const fromCache = bytes.fromCache && (critic?.fromCache ?? true);
  const total = downloadBytes(model);
  const failures: string[] = [];
  for (const backend of backendOrder(options.backends)) {
    options.signal?.throwIfAborted();
    onProgress?.({ phase: 'backend', loaded: total, total, fromCache, backend });
    if (!(await activateBackend(backend, options.backendOptions))) {
      failures.push(`${backend}: unavailable`);
      continue;
    }
    let nets: Network[] = [];
    try {
      nets = buildModel(bytes, model);
      onProgress?.({ phase: 'warmup', loaded: total, total, fromCache, backend });
      await warmUp(nets, model);
      // The critic starts last: it frees itself when its warm-up fails, the generator's networks are freed below.
      const started = critic && (await startCritic(critic.files, model));
      return makeGenerator(nets, started, model, backend, fromCache);
    } catch (error) {
      nets.forEach((n) => n.dispose());
      if (error instanceof ModelFormatError) throw error;
      failures.push(`${backend}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  throw new Error(`The model could not run on any backend (${failures.join('; ')}).`);
}

function makeGenerator(nets: readonly Network[], critic: Critic | null, model: ModelEntry, backend: BackendName, fromCache: boolean): SymbolGenerator {
  let disposed = false;
  const pixels = model.resolution * model.resolution;
  return {
    model,
    backend,
    fromCache,
    async generate(latents, styles) {
      if (disposed) throw new Error('This generator was disposed.');
      const n = latents.length;
      if (n === 0) return [];
      const flat = packInputs(model, latents, styles);
      // One forward pass for the batch; intermediates are freed by tidy, the output after one readback.
      const out = tf.tidy(() => pipeline(nets, tf.tensor2d(flat, [n, inputSize(model)])));
      let data: Float32Array;
      try {
        checkOutputShape(out.shape, model, n);
        data = (await out.data()) as Float32Array;
      } finally {
        out.dispose();
      }
      return Array.from({ length: n }, (_, i) => data.slice(i * pixels, (i + 1) * pixels));
    },
    async critique(masks) {
      if (disposed) throw new Error('This generator was disposed.');
      if (!critic) throw new Error(`The model "${model.id}" has no critic: its seeds are not resampled.`);
      return critic.critique(masks);
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      nets.forEach((n) => n.dispose());
      critic?.dispose();
    },
  };
}
