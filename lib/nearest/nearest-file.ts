/**
 * A model folder's nearest.json (docs/model-folder.md): the training glyphs of "Does it exist?" with their
 * embeddings, 1-bit thumbnails, the embedding's parameters (mean and PCA components), the calibrated verdict
 * thresholds and golden entries that pin this side to training's. Read through a ModelSource, checked against the
 * sha256 index.json records for it, validated entry by entry and decoded into typed arrays, so a damaged or foreign
 * file is one clear NearestFileError naming the file and the model.
 */
import * as z from 'zod/mini';

import { sha256Hex } from '../bytes';
import '../zod-config';
import type { ModelSource } from '../model/generator';
import type { ModelEntry } from '../model/model-folder';
import { base64Bytes, inflate } from '../packed-bytes';
import type { EmbeddingSpec } from './embedding';
import { packedMaskBytes, unpackMask } from './packed-mask';
import type { Verdict, VerdictThresholds } from './verdict';

const base64 = (what: string) => z.string().check(z.regex(/^[A-Za-z0-9+/]*={0,2}$/, `${what} must be base64.`));
const finite = z.number().check(z.refine(Number.isFinite, 'must be a finite number'));
const nonNegative = z.number().check(z.refine(Number.isFinite, 'must be a finite number'), z.nonnegative());
const percentile = z.number().check(z.minimum(0), z.maximum(100));
const glyphIndex = z.number().check(z.int(), z.nonnegative());
const VERDICTS = ['new', 'close', 'copy'] as const;

const nearestFileSchema = z.object({
  version: z.literal(1),
  resolution: z.number().check(z.int(), z.positive(), z.maximum(1024), z.multipleOf(2)),
  embedding: z.object({
    kind: z.literal('centered-pool2-blur'),
    blurSigma: z.number().check(z.positive(), z.refine(Number.isFinite, 'must be a finite number')),
    blurRadius: z.number().check(z.int(), z.nonnegative(), z.maximum(64)),
    dims: z.number().check(z.int(), z.positive(), z.maximum(4096)),
    mean: base64('embedding.mean'),
    components: base64('embedding.components'),
  }),
  glyphs: z
    .array(
      z.object({
        name: z.string().check(z.minLength(1), z.maxLength(1000)),
        source: z.string().check(z.minLength(1), z.maxLength(1000)),
        style: z.nullable(z.string().check(z.maxLength(48))),
      }),
    )
    .check(z.minLength(1)),
  embeddings: base64('embeddings'),
  thumbs: base64('thumbs'),
  verdict: z.object({ copy: nonNegative, new: nonNegative, newPercentile: percentile, copyPercentile: percentile }),
  golden: z.array(
    z.object({
      mask: base64('a golden mask'),
      nearest: z.array(glyphIndex).check(z.minLength(1)),
      distances: z.array(finite).check(z.minLength(1)),
      verdict: z.enum(VERDICTS),
    }),
  ),
});

export interface NearestGlyph {
  name: string;
  /** Where it comes from, in words: "Noto Sans Symbols, U+1F74E", a Hershey glyph, a sigil method and phrase. */
  source: string;
  /** Its style id under a conditional model; null otherwise. */
  style: string | null;
}

/** One golden query: a mask and the neighbours, distances and verdict training found for it. */
export interface NearestGolden {
  mask: Uint8Array;
  nearest: number[];
  distances: number[];
  verdict: Verdict;
}

export interface NearestIndex {
  modelId: string;
  /** The sha256 of the file's bytes (index.json's `nearest.sha256`). */
  sha256: string;
  resolution: number;
  embedding: EmbeddingSpec;
  glyphs: NearestGlyph[];
  /** glyphs.length x embedding.dims, row-major. */
  embeddings: Float32Array;
  /** glyphs.length packed 1-bit masks of resolution^2 bits (see packed-mask), inflated from the file's zlib stream. */
  thumbs: Uint8Array;
  thresholds: VerdictThresholds;
  golden: NearestGolden[];
}

/** The file is missing, corrupt or not this model's. */
export class NearestFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NearestFileError';
  }
}

/** Little-endian float32s, whatever the platform's byte order. */
function float32s(bytes: Uint8Array): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(bytes.byteLength >> 2);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

/**
 * nearest.json's bytes -> the model's nearest index. Throws NearestFileError when the bytes are not the ones
 * index.json names (sha256), the file is not valid, or it does not fit the model (resolution, glyph count, array
 * lengths, golden indices).
 */
export async function parseNearestFile(bytes: Uint8Array, model: ModelEntry): Promise<NearestIndex> {
  const recorded = model.nearest;
  if (!recorded) throw new NearestFileError(`Model "${model.id}" ships no nearest.json.`);
  const where = `${recorded.file} of model "${model.id}"`;
  const digest = await sha256Hex(bytes);
  if (digest !== recorded.sha256) {
    throw new NearestFileError(`${where} is corrupt: its sha256 is ${digest.slice(0, 12)}…, index.json says ${recorded.sha256.slice(0, 12)}….`);
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new NearestFileError(`${where} is not JSON.`);
  }
  const parsed = nearestFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new NearestFileError(`${where} is not valid: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  const file = parsed.data;
  const fail = (problem: string): never => {
    throw new NearestFileError(`${where} does not fit the model: ${problem}.`);
  };

  if (file.resolution !== model.resolution) fail(`its masks are ${file.resolution} px, the model draws ${model.resolution} px`);
  const count = file.glyphs.length;
  if (count !== recorded.count) fail(`it lists ${count} glyphs, index.json says ${recorded.count}`);
  const { dims } = file.embedding;
  const features = (file.resolution / 2) ** 2;
  if (dims > features) fail(`it keeps ${dims} dimensions of ${features} features`);
  const mean = float32s(base64Bytes(file.embedding.mean));
  if (mean.length !== features) fail(`embedding.mean holds ${mean.length} floats, not ${features}`);
  const components = float32s(base64Bytes(file.embedding.components));
  if (components.length !== dims * features) fail(`embedding.components holds ${components.length} floats, not ${dims} x ${features}`);
  const embeddings = float32s(base64Bytes(file.embeddings));
  if (embeddings.length !== count * dims) fail(`embeddings holds ${embeddings.length} floats, not ${count} x ${dims}`);
  if ([mean, components, embeddings].some((a) => a.some((v) => !Number.isFinite(v)))) fail('its floats include NaN or infinities');
  const maskBytes = packedMaskBytes(file.resolution);
  let thumbs: Uint8Array;
  try {
    thumbs = await inflate(base64Bytes(file.thumbs));
  } catch {
    throw new NearestFileError(`${where} is not valid: thumbs do not inflate (a zlib stream of the packed masks).`);
  }
  if (thumbs.length !== count * maskBytes) fail(`thumbs inflate to ${thumbs.length} bytes, not ${count} x ${maskBytes}`);
  if (file.verdict.copy > file.verdict.new) fail(`its copy threshold (${file.verdict.copy}) is beyond its new threshold (${file.verdict.new})`);

  const golden = file.golden.map((g, i): NearestGolden => {
    const mask = base64Bytes(g.mask);
    if (mask.length !== maskBytes) fail(`golden ${i}'s mask holds ${mask.length} bytes, not ${maskBytes}`);
    if (g.nearest.length !== g.distances.length) fail(`golden ${i} has ${g.nearest.length} neighbours and ${g.distances.length} distances`);
    if (g.nearest.some((n) => n >= count)) fail(`golden ${i} names a glyph past the ${count} listed`);
    return { mask: unpackMask(mask, file.resolution), nearest: g.nearest, distances: g.distances, verdict: g.verdict };
  });

  return {
    modelId: model.id,
    sha256: digest,
    resolution: file.resolution,
    embedding: { resolution: file.resolution, blurSigma: file.embedding.blurSigma, blurRadius: file.embedding.blurRadius, dims, mean, components },
    glyphs: file.glyphs,
    embeddings,
    thumbs,
    thresholds: file.verdict,
    golden,
  };
}

/** Read and check the model's nearest index (model.nearest must be present). */
export async function loadNearestIndex(model: ModelEntry, source: ModelSource, signal?: AbortSignal): Promise<NearestIndex> {
  if (!model.nearest) throw new NearestFileError(`Model "${model.id}" ships no nearest.json.`);
  return parseNearestFile(await source.read(model.id, model.nearest.file, { signal }), model);
}

/** Glyph `index`'s thumbnail as a resolution^2 mask, 1 = ink. */
export function glyphMask(index: NearestIndex, glyph: number): Uint8Array {
  return unpackMask(index.thumbs, index.resolution, glyph * packedMaskBytes(index.resolution));
}
