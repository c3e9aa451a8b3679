/**
 * The real symbols of "Which one is real?": a model folder's real-symbols.json (docs/model-folder.md), read
 * through a ModelSource, checked against the sha256 index.json records for it, parsed, and each bitmap turned into
 * a field in the generator's value range (-1 ink, 1 paper), so a real symbol goes through the same clean-up and
 * outline tracing as a generated one (lib/render/symbol symbolFromField) and nothing but its shape tells them apart.
 */
import * as z from 'zod/mini';

import { sha256Hex } from '../bytes';
import '../zod-config';
import type { ModelSource } from '../model/generator';
import type { ModelEntry } from '../model/model-folder';
import { base64Bytes, inflate } from '../packed-bytes';

/** Where a real symbol comes from; `text` says it in words (training/real_set.py writes it). */
const sourceSchema = z.looseObject({
  type: z.enum(['font', 'hershey', 'sigil', 'image']),
  text: z.string().check(z.minLength(1), z.maxLength(300)),
  augmented: z.boolean(),
});
export type RealSource = z.infer<typeof sourceSchema>;

const realSetSchema = z.object({
  version: z.literal(1),
  modelId: z.string(),
  resolution: z.number().check(z.int(), z.positive(), z.maximum(1024)),
  count: z.number().check(z.int(), z.positive()),
  styles: z.array(z.string()),
  bitmaps: z.string().check(z.regex(/^[A-Za-z0-9+/]*={0,2}$/, 'bitmaps must be base64.')),
  symbols: z.array(z.object({ style: z.nullable(z.string()), source: sourceSchema })),
});

export interface RealSymbol {
  /** Its place in the file. */
  index: number;
  /** Index into the model's styles (its one-hot), or null for an unconditional model. */
  style: number | null;
  source: RealSource;
  /** resolution^2 bits, row-major, most significant bit first, 1 = ink. */
  bits: Uint8Array;
}

export interface RealSet {
  modelId: string;
  resolution: number;
  symbols: RealSymbol[];
}

/** The file is missing, corrupt or not this model's: the page says so (Retry helps only with a failed download). */
export class RealSetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RealSetError';
  }
}

/**
 * real-symbols.json's bytes -> the model's real set. Throws RealSetError when the bytes are not the ones index.json
 * names (sha256), or the file does not describe this model (its id, resolution, styles and count).
 */
export async function parseRealSet(bytes: Uint8Array, model: ModelEntry): Promise<RealSet> {
  const recorded = model.realSymbols;
  if (!recorded) throw new RealSetError(`Model "${model.id}" ships no real symbols.`);
  const digest = await sha256Hex(bytes);
  if (digest !== recorded.sha256) {
    throw new RealSetError(`The real symbols of model "${model.id}" are corrupt: their sha256 is ${digest.slice(0, 12)}…, index.json says ${recorded.sha256.slice(0, 12)}….`);
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new RealSetError(`${recorded.file} of model "${model.id}" is not JSON.`);
  }
  const parsed = realSetSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RealSetError(`${recorded.file} of model "${model.id}" is not valid: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  const set = parsed.data;
  const styleIds = model.styles?.map((s) => s.id) ?? [];
  const problem =
    set.modelId !== model.id
      ? `it is model "${set.modelId}"'s`
      : set.resolution !== model.resolution
        ? `its symbols are ${set.resolution} px, the model draws ${model.resolution} px`
        : set.styles.join(',') !== styleIds.join(',')
          ? 'its styles are not the model’s'
          : set.count !== set.symbols.length || set.count !== recorded.count
            ? `it lists ${set.symbols.length} symbols, says ${set.count}, and index.json ${recorded.count}`
            : null;
  if (problem) throw new RealSetError(`${recorded.file} of model "${model.id}" does not fit the model: ${problem}.`);

  let raw: Uint8Array;
  try {
    raw = await inflate(base64Bytes(set.bitmaps));
  } catch {
    throw new RealSetError(`The bitmaps in ${recorded.file} of model "${model.id}" do not inflate.`);
  }
  const size = (set.resolution * set.resolution) / 8;
  if (raw.length !== set.count * size) {
    throw new RealSetError(`The bitmaps in ${recorded.file} of model "${model.id}" hold ${raw.length} bytes, not ${set.count} x ${size}.`);
  }
  const symbols = set.symbols.map((s, index): RealSymbol => {
    const style = s.style === null ? -1 : styleIds.indexOf(s.style);
    if ((styleIds.length > 0) !== (style >= 0)) {
      throw new RealSetError(`Symbol ${index} in ${recorded.file} of model "${model.id}" has the style ${JSON.stringify(s.style)}, which the model does not draw.`);
    }
    return { index, style: style >= 0 ? style : null, source: s.source, bits: raw.subarray(index * size, (index + 1) * size) };
  });
  return { modelId: set.modelId, resolution: set.resolution, symbols };
}

/** Read and check the model's real set (model.realSymbols must be present). */
export async function loadRealSet(model: ModelEntry, source: ModelSource, signal?: AbortSignal): Promise<RealSet> {
  if (!model.realSymbols) throw new RealSetError(`Model "${model.id}" ships no real symbols.`);
  return parseRealSet(await source.read(model.id, model.realSymbols.file, { signal }), model);
}

/** A real symbol as the generator's output would be: resolution^2 values, -1 where there is ink, 1 on paper. */
export function realSymbolField(symbol: RealSymbol, resolution: number): Float32Array {
  const field = new Float32Array(resolution * resolution);
  for (let i = 0; i < field.length; i++) field[i] = (symbol.bits[i >> 3]! >> (7 - (i & 7))) & 1 ? -1 : 1;
  return field;
}
