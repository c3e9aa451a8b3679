/**
 * Node-side generation for later server features (share cards, image API): one generator per model
 * per process, loaded on first use from public/models on the wasm backend (CPU if wasm cannot start),
 * then reused. The same lib/ code as the browser, so a seed's symbol is the same on both sides.
 */
import type { BackendName } from '../backend';
import { load, type SymbolGenerator } from '../generator';
import { resolveModel } from '../models';
import { renderSeeds, type RenderedSymbol } from '../symbol';
import { fileModelSource, modelsDir, readModelIndex } from './model-files';

const generators = new Map<string, Promise<SymbolGenerator>>();

/** The generator for `modelId` (default model when null); throws with the valid ids for an unknown one. */
export async function serverGenerator(modelId: string | null, options: { dir?: string; backends?: readonly BackendName[] } = {}): Promise<SymbolGenerator> {
  const dir = options.dir ?? modelsDir();
  const index = await readModelIndex(dir);
  if (!index) throw new Error('No model has been published: public/models/index.json is missing.');
  const resolved = resolveModel(index, modelId);
  if (!resolved.ok) throw new Error(resolved.error);
  const key = `${dir}|${resolved.model.id}`;
  let promise = generators.get(key);
  if (!promise) {
    promise = load({ model: resolved.model, source: fileModelSource(dir), backends: options.backends ?? ['wasm', 'cpu'] });
    generators.set(key, promise);
    promise.catch(() => generators.delete(key));
  }
  return promise;
}

/** Render normalized seeds (see parseSeed) on the server, one forward pass for the batch. */
export async function renderOnServer(seeds: readonly string[], modelId: string | null = null): Promise<RenderedSymbol[]> {
  return renderSeeds(await serverGenerator(modelId), seeds);
}
