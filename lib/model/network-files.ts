/**
 * The files of a model's extra networks (its critic, its encoder): model.json and its weight shards, read through the
 * generator's ModelSource and ByteCache under keys that name the hash index.json gives them, checked against that
 * hash before anything is built from them. A cached copy that fails the check is dropped and fetched again once.
 * The generator's own files go through lib/model/generator, which reports its download in more detail.
 */
import type * as tf from '@tensorflow/tfjs-core';

import { concatBytes, sha256Hex } from '../bytes';
import { modelJsonSchema, type ModelEntry, type ModelJson } from './model-folder';
import { weightFiles } from './model-index';
import { buildNetwork, ModelFormatError, type Network } from './network';

export interface ReadOptions {
  /** Called with the number of new bytes each time some arrive. */
  onBytes?: (n: number) => void;
  signal?: AbortSignal;
}

/** Reads the files of one model folder. */
export interface ModelSource {
  read(modelId: string, file: string, options?: ReadOptions): Promise<Uint8Array>;
}

/** Stores verified model bytes so a repeat visit downloads none. Keys include the model's sha256. */
export interface ByteCache {
  get(key: string): Promise<Uint8Array | null>;
  put(key: string, bytes: Uint8Array): Promise<void>;
  delete(key: string): Promise<void>;
}

export class ModelIntegrityError extends Error {
  constructor(modelId: string, expected: string, actual: string) {
    super(`The files of model "${modelId}" are corrupt: their sha256 is ${actual.slice(0, 12)}…, index.json says ${expected.slice(0, 12)}….`);
    this.name = 'ModelIntegrityError';
  }
}

/** Where a model's networks come from. */
export interface NetworkSource {
  model: ModelEntry;
  source: ModelSource;
  cache?: ByteCache | null;
  signal?: AbortSignal;
}

/** One network's checked files. */
export interface NetworkFiles {
  modelJson: Uint8Array;
  /** model.json parsed once, when it was read. */
  parsed: ModelJson;
  /** Its weight files in manifest order. */
  shards: Uint8Array[];
}

/** One network's files under `prefix`, cache first; `fromCache` says whether any came from there. */
async function readNetwork(o: NetworkSource, prefix: string, hash: string, useCache: boolean, onBytes: (n: number) => void) {
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
    const bytes = await o.source.read(o.model.id, prefix + file, { onBytes, signal: o.signal });
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
  return { files: { modelJson, parsed: parsed.data, shards }, fromCache, fetched };
}

/**
 * The networks under `prefixes` (e.g. 'critic/'), checked together against `hash` (index.json's sha256 covers them in
 * this order). `fromCache`: every file came from the cache.
 */
export async function readVerifiedNetworks(
  o: NetworkSource,
  prefixes: readonly string[],
  hash: string,
  onBytes: (n: number) => void,
  onVerify?: () => void,
): Promise<{ networks: NetworkFiles[]; fromCache: boolean }> {
  for (const useCache of [true, false]) {
    const nets = [];
    for (const prefix of prefixes) nets.push(await readNetwork(o, prefix, hash, useCache, onBytes));
    onVerify?.();
    const actual = await sha256Hex(concatBytes(nets.flatMap((n) => [n.files.modelJson, ...n.files.shards])));
    if (actual === hash) {
      // Caching is best effort, and only of checked bytes: a full or unavailable cache costs a download next time.
      await Promise.all(nets.flatMap((n) => [...n.fetched].map(([key, bytes]) => o.cache?.put(key, bytes).catch(() => undefined))));
      return { networks: nets.map((n) => n.files), fromCache: nets.every((n) => n.fetched.size === 0) };
    }
    if (!nets.some((n) => n.fromCache)) throw new ModelIntegrityError(o.model.id, hash, actual);
  }
  throw new ModelIntegrityError(o.model.id, hash, 'unknown');
}

/** The network from its checked files, its weights on the active backend until dispose(). */
export function buildFromFiles(files: NetworkFiles): Network {
  const { parsed, shards } = files;
  return buildNetwork(parsed.modelTopology, parsed.weightsManifest.flatMap((g) => g.weights) as unknown as tf.io.WeightsManifestEntry[], concatBytes(shards).buffer);
}
