/**
 * A model folder's sliders.json (docs/model-folder.md): the named sliders, each with the name of what it measurably
 * changes, and either a unit direction in the latent z (version 1 and 2: SeFa, computed by training/sefa.py from the
 * generator's first layer) or a head of a learned field that z follows in steps (version 2: lib/sliders/field,
 * training/slider_field.py). Read through a ModelSource, checked against the sha256 index.json records for it and validated, so a damaged or
 * foreign file is one clear SlidersFileError naming the file and the model.
 */
import { sha256Hex } from '../bytes';
import type { ModelSource } from '../model/generator';
import type { ModelEntry } from '../model/model-folder';
import { fromHalfBits } from '../latent/float16';
import { base64Bytes } from '../packed-bytes';
import { SLIDER_STEP } from './edits';
import type { SliderField } from './field';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const onGrid = (v: unknown, max: number) =>
  typeof v === 'number' && v > 0 && v <= max && Math.abs(v / SLIDER_STEP - Math.round(v / SLIDER_STEP)) <= 1e-9;

/**
 * The file's fields the site uses, checked by hand rather than with zod: the Adjust panel reads the file in the
 * browser, and zod stays out of the seed pages' JavaScript (tests/unit/main-thread-imports.test.ts). Returns the
 * first problem as "<field>: <what is wrong>", or null.
 */
function problem(json: unknown): string | null {
  const isText = (v: unknown, max: number) => typeof v === 'string' && v.length >= 1 && v.length <= max;
  const isCount = (v: unknown, min: number, max: number) => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
  if (typeof json !== 'object' || json === null) return 'not an object';
  const f = json as Record<string, unknown>;
  if (f.version !== 1 && f.version !== 2) return 'version: must be 1 or 2';
  if (typeof f.modelId !== 'string') return 'modelId: must be text';
  if (!isCount(f.latentSize, 1, 4096)) return 'latentSize: must be a whole number from 1 to 4096';
  if (!onGrid(f.range, 20)) return 'range: must be a multiple of 0.1 from 0.1 to 20';
  const fields = f.version === 2 ? f.fields : [];
  if (!Array.isArray(fields) || fields.length > 8) return 'fields: must list 0 to 8 fields';
  for (const [i, field] of (fields as unknown[]).entries()) {
    if (typeof field !== 'object' || field === null) return `fields.${i}: not an object`;
    const r = field as Record<string, unknown>;
    if (!isCount(r.styles, 0, 256) || !isCount(r.heads, 1, 64)) return `fields.${i}: styles must be 0 to 256 and heads 1 to 64`;
    if (!onGrid(r.step, 1)) return `fields.${i}.step: must be a multiple of 0.1 from 0.1 to 1`;
    if (!Array.isArray(r.layers) || r.layers.length < 1 || r.layers.length > 4) return `fields.${i}.layers: must list 1 to 4 layers`;
    for (const [j, layer] of (r.layers as unknown[]).entries()) {
      const l = (typeof layer === 'object' && layer !== null ? layer : {}) as Record<string, unknown>;
      if (!isCount(l.inputs, 1, 4096) || !isCount(l.units, 1, 4096) || typeof l.kernel !== 'string' || typeof l.bias !== 'string' || !BASE64.test(l.kernel) || !BASE64.test(l.bias)) {
        return `fields.${i}.layers.${j}: must give inputs, units and base64 kernel and bias`;
      }
    }
  }
  if (!Array.isArray(f.sliders) || f.sliders.length < 1 || f.sliders.length > 64) return 'sliders: must list 1 to 64 sliders';
  for (const [i, s] of (f.sliders as unknown[]).entries()) {
    if (typeof s !== 'object' || s === null) return `sliders.${i}: not an object`;
    const r = s as Record<string, unknown>;
    if (typeof r.id !== 'string' || !/^[a-z][a-z0-9-]{0,31}$/.test(r.id)) return `sliders.${i}.id: must be a lowercase id`;
    for (const [key, max] of [['label', 40], ['less', 60], ['more', 60], ['measure', 40]] as const) {
      if (!isText(r[key], max)) return `sliders.${i}.${key}: must be text of 1 to ${max} characters`;
    }
    if (r.range !== undefined && !onGrid(r.range, f.range as number)) return `sliders.${i}.range: must be a multiple of 0.1 up to the file's range`;
    if (r.field !== undefined) {
      if (!isCount(r.field, 0, fields.length - 1)) return `sliders.${i}.field: must name one of the file's fields`;
      if (!isCount(r.head, 0, ((fields as Record<string, unknown>[])[r.field as number]!.heads as number) - 1)) return `sliders.${i}.head: must name one of its field's heads`;
    } else if (typeof r.direction !== 'string' || !BASE64.test(r.direction)) return `sliders.${i}.direction: must be base64`;
  }
  return null;
}

interface FieldJson {
  styles: number;
  heads: number;
  step: number;
  layers: { inputs: number; units: number; kernel: string; bias: string }[];
}

interface SlidersJson {
  modelId: string;
  latentSize: number;
  range: number;
  fields?: FieldJson[];
  sliders: { id: string; label: string; less: string; more: string; measure: string; range?: number; direction?: string; field?: number; head?: number; monotonic?: unknown }[];
}

interface SliderNames {
  id: string;
  /** What it changes, for people ("Ink", "Symmetry"). */
  label: string;
  /** The two ends in words ("less ink", "more ink"): left, then right. */
  less: string;
  more: string;
  /** The measure it was named by (training/sefa.py MEASURES: ink, stroke, parts, symmetry, roundness, lean, rise, width, height, holes, level, size, middle, aspect, rim). */
  measure: string;
  /** Share of training's seeds it moved its measure monotonically on (null when the file does not say). */
  monotonic: number | null;
  /** Its offsets go from -range to range (the file's range unless the slider says less). */
  range: number;
}

/** A slider is a straight direction of z (SeFa), or a head of a learned field that z follows (lib/sliders/field). */
export type Slider = SliderNames &
  (
    | {
        kind: 'direction';
        /** Unit direction in z, oriented so that a positive offset moves toward `more`. */
        direction: Float32Array;
      }
    | { kind: 'field'; field: SliderField; head: number }
  );

export interface SlidersFile {
  modelId: string;
  /** No slider's offsets go past -range..range (each slider's own range may be less), in steps of SLIDER_STEP. */
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

/** Little-endian IEEE halves from base64, as float64 (exact: every half is a double). */
function halves(b64: string): Float64Array {
  const bytes = base64Bytes(b64);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Float64Array.from({ length: Math.floor(bytes.byteLength / 2) }, (_, i) => fromHalfBits(view.getUint16(2 * i, true)));
}

/** A field's JSON -> its layers, checked to chain from [z | style | head] to a direction of z for this model's styles. */
function fieldOf(json: FieldJson, latentSize: number, styles: number, where: string, i: number): SliderField {
  if (json.styles !== styles) throw new SlidersFileError(`${where}: field ${i} is for ${json.styles} styles, the model has ${styles}.`);
  const layers = json.layers.map((l) => ({ inputs: l.inputs, units: l.units, kernel: halves(l.kernel), bias: halves(l.bias) }));
  let width = latentSize + json.styles + json.heads;
  for (const [j, l] of layers.entries()) {
    if (l.inputs !== width || l.kernel.length !== l.inputs * l.units || l.bias.length !== l.units || !l.kernel.every(Number.isFinite) || !l.bias.every(Number.isFinite)) {
      throw new SlidersFileError(`${where}: field ${i}, layer ${j} does not fit: ${width} inputs expected, or its weights are the wrong size or not finite.`);
    }
    width = l.units;
  }
  if (width !== latentSize) throw new SlidersFileError(`${where}: field ${i} gives ${width} values, not a direction of ${latentSize}.`);
  return { latentSize, styles: json.styles, heads: json.heads, step: json.step, layers };
}

/** sliders.json's bytes, already checked against the model's index entry, parsed and validated. */
export function parseSlidersFile(model: Pick<ModelEntry, 'id' | 'latentSize' | 'styles'>, bytes: Uint8Array): SlidersFile {
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
  const fields = (file.fields ?? []).map((json, i) => fieldOf(json, model.latentSize, model.styles?.length ?? 0, where, i));
  const sliders = file.sliders.map((row, i): Slider => {
    const { id, label, less, more, measure } = row;
    const share = row.monotonic;
    const names = { id, label, less, more, measure, range: row.range ?? file.range, monotonic: typeof share === 'number' && share >= 0 && share <= 1 ? share : null };
    if (row.field !== undefined) return { ...names, kind: 'field', field: fields[row.field]!, head: row.head! };
    const direction = floats(row.direction!);
    const norm = Math.hypot(...direction);
    if (direction.length !== model.latentSize || !(Math.abs(norm - 1) < 1e-3)) {
      throw new SlidersFileError(`${where}: slider ${i} (${id}) is not a unit direction of ${model.latentSize} values.`);
    }
    return { ...names, kind: 'direction', direction };
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
