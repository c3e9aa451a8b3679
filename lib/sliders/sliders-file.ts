/**
 * A model folder's sliders.json (docs/model-folder.md): the named sliders, each a unit direction in the latent z
 * (SeFa, computed by training/sefa.py from the generator's first layer) with the name of what it measurably changes.
 * Read through a ModelSource, checked against the sha256 index.json records for it and validated, so a damaged or
 * foreign file is one clear SlidersFileError naming the file and the model.
 */
import * as z from 'zod/mini';

import { sha256Hex } from '../bytes';
import '../zod-config';
import type { ModelSource } from '../model/generator';
import type { ModelEntry } from '../model/model-folder';
import { base64Bytes } from '../packed-bytes';

/** Offsets are multiples of this (links write them with one decimal, lib/sliders/edits). */
export const SLIDER_STEP = 0.1;

const text = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));

const slidersFileSchema = z.object({
  version: z.literal(1),
  modelId: z.string(),
  latentSize: z.number().check(z.int(), z.positive(), z.maximum(4096)),
  range: z.number().check(
    z.positive(),
    z.maximum(20),
    z.refine((r) => Math.abs(r / SLIDER_STEP - Math.round(r / SLIDER_STEP)) < 1e-9, 'must be a multiple of 0.1'),
  ),
  sliders: z
    .array(
      z.object({
        id: z.string().check(z.regex(/^[a-z][a-z0-9-]{0,31}$/, 'must be a lowercase id')),
        label: text(40),
        less: text(60),
        more: text(60),
        measure: text(40),
        direction: z.string().check(z.regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64')),
      }),
    )
    .check(z.minLength(1), z.maxLength(64)),
});

export interface Slider {
  id: string;
  /** What it changes, for people ("Ink", "Symmetry"). */
  label: string;
  /** The two ends in words ("less ink", "more ink"): left, then right. */
  less: string;
  more: string;
  /** The measure it was named by (ink, stroke, parts, symmetry, roundness). */
  measure: string;
  /** Unit direction in z, oriented so that a positive offset moves toward `more`. */
  direction: Float32Array;
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
  const parsed = slidersFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SlidersFileError(`${where} is not a sliders file: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const file = parsed.data;
  if (file.modelId !== model.id || file.latentSize !== model.latentSize) {
    throw new SlidersFileError(`${where} is for model "${file.modelId}" with ${file.latentSize} latent values, not this one.`);
  }
  const sliders = file.sliders.map((s, i) => {
    const direction = floats(s.direction);
    const norm = Math.hypot(...direction);
    if (direction.length !== model.latentSize || !(Math.abs(norm - 1) < 1e-3)) {
      throw new SlidersFileError(`${where}: slider ${i} (${s.id}) is not a unit direction of ${model.latentSize} values.`);
    }
    return { ...s, direction };
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
