/**
 * Looking models up in the index and naming their files: the half of the model folder's contract that pages and the
 * browser need at run time. It has no schema code (the schemas, and the zod they need, stay in model-folder.ts for
 * the server and the generator's worker), so the homepage's first-load JavaScript does not carry a validator.
 */
import type { ModelEntry, ModelIndex, ModelJson } from './model-folder';

export type ModelResolution = { ok: true; model: ModelEntry; isDefault: boolean } | { ok: false; error: string };

/** The model for `?m=` (or the default when absent/empty); unknown ids name the valid ones. */
export function resolveModel(index: ModelIndex, requested?: string | null): ModelResolution {
  const id = requested?.trim() || index.default;
  const found = index.models.find((m) => m.id === id);
  if (found) return { ok: true, model: found, isDefault: found.id === index.default };
  const shown = requested && requested.length > 60 ? `${requested.slice(0, 60)}…` : requested;
  return {
    ok: false,
    error: `There is no model "${shown}". Models on this site: ${index.models.map((m) => m.id).join(', ')}.`,
  };
}

/** Public URL of a file in a model folder. */
export function modelFileUrl(modelId: string, file: string, base = '/models'): string {
  return `${base}/${modelId}/${file}`;
}

/** Weight files in manifest order: the order the sha256 in index.json covers them. */
export function weightFiles(modelJson: ModelJson): string[] {
  return modelJson.weightsManifest.flatMap((group) => group.paths);
}
