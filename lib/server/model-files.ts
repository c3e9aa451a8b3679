/**
 * Node-side access to public/models: read and validate index.json and model cards, and a ModelSource
 * that reads model files from disk. Ids are validated against index.json before any path is built, so
 * nothing outside public/models can be read.
 * Unlike the rest of lib/server this is not marked 'server-only': plain Node scripts (bench/) read models
 * through it too, outside Next, where that package does not resolve; node:fs keeps it out of browser bundles.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

import type { ModelSource } from '../model/generator';
import { modelCardSchema, modelIdSchema, parseModelIndex, type ModelCard, type ModelIndex } from '../model/model-folder';

export function modelsDir(root = process.cwd()): string {
  return path.join(root, 'public', 'models');
}

function safeFile(dir: string, modelId: string, file: string): string {
  modelIdSchema.parse(modelId);
  // A plain file name, or one inside a subfolder of the model's networks (docs/model-folder.md): the server loads the
  // denoiser and the critic with the generator.
  if (!/^(?:(?:denoiser|encoder|critic)\/)?[A-Za-z0-9_-][A-Za-z0-9._-]*$/.test(file)) throw new Error(`Not a model file name: ${file}`);
  return path.join(dir, modelId, file);
}

/** index.json, or null when no model has been exported yet. Throws when it exists but is invalid. */
export async function readModelIndex(dir = modelsDir()): Promise<ModelIndex | null> {
  let text: string;
  try {
    text = await readFile(path.join(dir, 'index.json'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return parseModelIndex(JSON.parse(text));
}

export async function readModelCard(modelId: string, dir = modelsDir()): Promise<ModelCard | null> {
  try {
    return modelCardSchema.parse(JSON.parse(await readFile(safeFile(dir, modelId, 'model-card.json'), 'utf8')));
  } catch {
    return null;
  }
}

/** Whether an optional file (e.g. report.png) exists in a model folder. */
export async function hasModelFile(modelId: string, file: string, dir = modelsDir()): Promise<boolean> {
  try {
    return (await stat(safeFile(dir, modelId, file))).isFile();
  } catch {
    return false;
  }
}

/** Reads model files from a models folder on disk. */
export function fileModelSource(dir = modelsDir()): ModelSource {
  return {
    async read(modelId, file, options) {
      const bytes = new Uint8Array(await readFile(safeFile(dir, modelId, file)));
      options?.onBytes?.(bytes.byteLength);
      return bytes;
    },
  };
}
