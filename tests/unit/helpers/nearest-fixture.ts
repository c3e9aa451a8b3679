/**
 * nearest.json fixtures: the committed 64 px one (tests/fixtures/nearest/nearest-64.json, written by numpy in
 * make_fixture.py, an independent implementation of the contract's embedding), and nearest.json files built here for
 * a tiny model's own resolution (the API tests), listed in a model entry the way index.json lists them.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

import type { ModelEntry } from '@/lib/model/model-folder';
import { embedMask, type EmbeddingSpec } from '@/lib/nearest/embedding';
import { packMask } from '@/lib/nearest/packed-mask';

export const NEAREST_FIXTURE = fileURLToPath(new URL('../../fixtures/nearest/nearest-64.json', import.meta.url));

/** The index.json entry of a 64 px model whose folder holds `bytes` as nearest.json. */
export function entryWithNearest(bytes: Uint8Array, count: number, overrides: Partial<ModelEntry> = {}): ModelEntry {
  return {
    id: 'fixture-64-20261206',
    resolution: 64,
    latentSize: 100,
    sha256: '0'.repeat(64),
    bytes: 1,
    nearest: { file: 'nearest.json', sha256: sha256(bytes), bytes: bytes.byteLength, count },
    ...overrides,
  };
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export async function readNearestFixture(): Promise<{ bytes: Uint8Array; json: Record<string, unknown> }> {
  const bytes = new Uint8Array(await readFile(NEAREST_FIXTURE));
  return { bytes, json: JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown> };
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
const f32 = (values: ArrayLike<number>) => b64(new Uint8Array(Float32Array.from(values).buffer));

/**
 * A nearest.json for `resolution` px masks over `glyphs`, with `dims` fixed pseudo-random projection rows (any rows
 * are a valid file; the tests that need a real PCA use the committed fixture) and the given thresholds.
 */
export function buildNearestJson(
  resolution: number,
  glyphs: { name: string; source: string; style: string | null; mask: Uint8Array }[],
  options: { dims?: number; copy?: number; new?: number } = {},
): Uint8Array {
  const dims = options.dims ?? 4;
  const features = (resolution / 2) ** 2;
  let state = 12345;
  const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
  const spec: EmbeddingSpec = {
    resolution,
    blurSigma: 1,
    blurRadius: 2,
    dims,
    mean: new Float32Array(features).fill(0.1),
    components: Float32Array.from({ length: dims * features }, random),
  };
  const embeddings = glyphs.flatMap((g) => [...embedMask(g.mask, spec)]);
  const thumbs = new Uint8Array(glyphs.flatMap((g) => [...packMask(g.mask)]));
  const doc = {
    version: 1,
    resolution,
    embedding: { kind: 'centered-pool2-blur', blurSigma: spec.blurSigma, blurRadius: spec.blurRadius, dims, mean: f32(spec.mean), components: f32(spec.components) },
    glyphs: glyphs.map(({ name, source, style }) => ({ name, source, style })),
    embeddings: f32(embeddings),
    thumbs: b64(deflateSync(thumbs)), // one zlib stream of the packed masks, as training writes it
    verdict: { copy: options.copy ?? 0.01, new: options.new ?? 1e9, newPercentile: 10, copyPercentile: 1 },
    golden: [],
  };
  return new TextEncoder().encode(JSON.stringify(doc));
}
