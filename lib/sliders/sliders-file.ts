/**
 * A model folder's sliders.json (docs/model-folder.md): the named sliders, each a unit direction in the latent z
 * (SeFa, computed by training/sefa.py from the generator's first layer) with the name of what it measurably changes.
 * Read through a ModelSource, checked against the sha256 index.json records for it and validated, so a damaged or
 * foreign file is one clear SlidersFileError naming the file and the model.
 */
import { sha256Hex } from '../bytes';
import type { ModelSource } from '../model/generator';
import type { ModelEntry } from '../model/model-folder';
import { base64Bytes } from '../packed-bytes';
import { SLIDER_STEP } from './edits';

/**
 * The file's fields the site uses, checked by hand rather than with zod: the Adjust panel reads the file in the
 * browser, and zod stays out of the seed pages' JavaScript (tests/unit/main-thread-imports.test.ts). Returns the
 * first problem as "<field>: <what is wrong>", or null.
 */
function problem(json: unknown): string | null {
  const isText = (v: unknown, max: number) => typeof v === 'string' && v.length >= 1 && v.length <= max;
  if (typeof json !== 'object' || json === null) return 'not an object';
  const f = json as Record<string, unknown>;
  if (f.version !== 1) return 'version: must be 1';
  if (typeof f.modelId !== 'string') return 'modelId: must be text';
  if (!Number.isInteger(f.latentSize) || (f.latentSize as number) < 1 || (f.latentSize as number) > 4096) return 'latentSize: must be a whole number from 1 to 4096';
  const range = f.range;
  if (typeof range !== 'number' || !(range > 0 && range <= 20) || Math.abs(range / SLIDER_STEP - Math.round(range / SLIDER_STEP)) > 1e-9) {
    return 'range: must be a multiple of 0.1 from 0.1 to 20';
  }
  if (!Array.isArray(f.sliders) || f.sliders.length < 1 || f.sliders.length > 64) return 'sliders: must list 1 to 64 sliders';
  for (const [i, s] of (f.sliders as unknown[]).entries()) {
    if (typeof s !== 'object' || s === null) return `sliders.${i}: not an object`;
    const r = s as Record<string, unknown>;
    if (typeof r.id !== 'string' || !/^[a-z][a-z0-9-]{0,31}$/.test(r.id)) return `sliders.${i}.id: must be a lowercase id`;
    for (const [key, max] of [['label', 40], ['less', 60], ['more', 60], ['measure', 40]] as const) {
      if (!isText(r[key], max)) return `sliders.${i}.${key}: must be text of 1 to ${max} characters`;
    }
    if (typeof r.direction !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(r.direction)) return `sliders.${i}.direction: must be base64`;
  }
  return null;
}

interface SlidersJson {
  modelId: string;
  latentSize: number;
  range: number;
  sliders: { id: string; label: string; less: string; more: string; measure: string; direction: string }[];
}

export interface Slider {
  id: string;
  /** What it changes, for people ("Ink", "Symmetry"). */
  label: string;
  /** The two ends in words ("less ink", "more ink"): left, then right. */
  less: string;
  more: string;
  /** The measure it was named by (training/sefa.py MEASURES: ink, stroke, parts, symmetry, roundness, lean, rise, width, height, holes, level). */
  measure: string;
  /** Unit direction in z, oriented so that a positive offset moves toward `more`. */
  direction: Float32Array;
  /** Share of training's seeds it moved its measure monotonically on (null when the file does not say). */
  monotonic: number | null;
}

export interface SlidersFile {
  modelId: string;
  /** Offsets go from -range to range, in steps of SLIDER_STEP. */
  range: number;
  sliders: Slider[];
}

export class SlidersFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SlidersFileError';
  }
}

/** Little-endian float32 from base64 (DataView: the same on every machine, whatever its byte order). */
function floats(b64: string): Float32Array {
  const bytes = base64Bytes(b64);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Float32Array.from({ length: Math.floor(bytes.byteLength / 4) }, (_, i) => view.getFloat32(4 * i, true));
}

/** sliders.json's bytes, already checked against the model's index entry, parsed and validated. */
export function parseSlidersFile(model: Pick<ModelEntry, 'id' | 'latentSize'>, bytes: Uint8Array): SlidersFile {
  const where = `sliders.json of model "${model.id}"`;
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new SlidersFileError(`${where} is not JSON.`);
  }
  const wrong = problem(json);
  if (wrong) throw new SlidersFileError(`${where} is not a sliders file: ${wrong}`);
  const file = json as SlidersJson;
  if (file.modelId !== model.id || file.latentSize !== model.latentSize) {
    throw new SlidersFileError(`${where} is for model "${file.modelId}" with ${file.latentSize} latent values, not this one.`);
  }
  const sliders = file.sliders.map(({ id, label, less, more, measure, direction: b64 }, i) => {
    const direction = floats(b64);
    const norm = Math.hypot(...direction);
    if (direction.length !== model.latentSize || !(Math.abs(norm - 1) < 1e-3)) {
      throw new SlidersFileError(`${where}: slider ${i} (${id}) is not a unit direction of ${model.latentSize} values.`);
    }
    const share = (file.sliders[i] as { monotonic?: unknown }).monotonic;
    return { id, label, less, more, measure, direction, monotonic: typeof share === 'number' && share >= 0 && share <= 1 ? share : null };
  });
  if (new Set(sliders.map((s) => s.id)).size !== sliders.length) throw new SlidersFileError(`${where} names a slider twice.`);
  return { modelId: model.id, range: file.range, sliders };
}

/** The model's sliders.json, read through `source` and checked against index.json's sha256; null for a model without one. */
export async function loadSliders(model: ModelEntry, source: ModelSource, signal?: AbortSignal): Promise<SlidersFile | null> {
  if (!model.sliders) return null;
  const bytes = await source.read(model.id, model.sliders.file, { signal });
  const sha = await sha256Hex(bytes);
  if (sha !== model.sliders.sha256) {
    throw new SlidersFileError(`sliders.json of model "${model.id}" is corrupt: its sha256 is ${sha.slice(0, 12)}…, index.json says ${model.sliders.sha256.slice(0, 12)}….`);
  }
  return parseSlidersFile(model, bytes);
}
