/**
 * "Does it exist?" without a server: nearest.json is read, checked and decoded (a damaged or foreign file is one clear
 * error), the embedding replays the golden queries training computed in Python (the committed numpy fixture, and every
 * shipped model's own file) with the same neighbours and distances, it does not move when the symbol moves, and the
 * verdict follows the thresholds.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { deflateSync } from 'node:zlib';

import { describe, expect, it } from 'vitest';

import { nearestApiPath, seedPath } from '@/lib/links';
import type { ModelEntry } from '@/lib/model/model-folder';
import { blurImage, centreMask, embedMask, gaussianTaps, poolMask } from '@/lib/nearest/embedding';
import { glyphMask, NearestFileError, parseNearestFile, type NearestIndex } from '@/lib/nearest/nearest-file';
import { packMask, unpackMask } from '@/lib/nearest/packed-mask';
import { glyphPathData, queryNearest } from '@/lib/nearest/query';
import { nearestGlyphs } from '@/lib/nearest/search';
import { verdictFor, verdictText } from '@/lib/nearest/verdict';
import { modelsDir, readModelIndex } from '@/lib/server/model-files';

import { entryWithNearest, readNearestFixture } from './helpers/nearest-fixture';

/** Relative agreement to 1e-3, with a floor for distances of (almost) 0, where float32 rounding is all there is. */
function expectClose(actual: number, expected: number, label: string) {
  expect(Math.abs(actual - expected), `${label}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-3 * Math.max(Math.abs(expected), 1e-2));
}

/** Every golden query of `index`: the same three glyphs in the same order, the same distances, the same verdict. */
function expectGoldenReplays(index: NearestIndex, label: string) {
  expect(index.golden.length, `${label}: golden entries`).toBeGreaterThan(0);
  index.golden.forEach((g, i) => {
    const { neighbours, verdict } = queryNearest(index, g.mask, g.nearest.length);
    expect(neighbours.map((n) => n.index), `${label} golden ${i}`).toEqual(g.nearest);
    neighbours.forEach((n, j) => expectClose(n.distance, g.distances[j]!, `${label} golden ${i} neighbour ${j}`));
    expect(verdict, `${label} golden ${i}`).toBe(g.verdict);
  });
}

async function fixtureIndex(): Promise<NearestIndex> {
  const { bytes, json } = await readNearestFixture();
  return parseNearestFile(bytes, entryWithNearest(bytes, (json.glyphs as unknown[]).length));
}

/** A mask with a filled rectangle. */
function rectMask(side: number, y0: number, y1: number, x0: number, x1: number): Uint8Array {
  const m = new Uint8Array(side * side);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) m[y * side + x] = 1;
  return m;
}

function shifted(mask: Uint8Array, side: number, dy: number, dx: number): Uint8Array {
  const out = new Uint8Array(side * side);
  for (let y = 0; y < side; y++)
    for (let x = 0; x < side; x++) {
      const sy = y - dy;
      const sx = x - dx;
      if (sy >= 0 && sy < side && sx >= 0 && sx < side) out[y * side + x] = mask[sy * side + sx]!;
    }
  return out;
}

/** The free rows and columns around the ink: how far it can move each way without leaving the image. */
function inkBox(mask: Uint8Array, side: number) {
  const rows: number[] = [];
  const cols: number[] = [];
  mask.forEach((v, i) => {
    if (!v) return;
    rows.push(Math.floor(i / side));
    cols.push(i % side);
  });
  return { top: Math.min(...rows), bottom: side - 1 - Math.max(...rows), left: Math.min(...cols), right: side - 1 - Math.max(...cols) };
}

describe('the golden queries replay exactly', () => {
  it('on the committed fixture, computed by numpy (tests/fixtures/nearest/make_fixture.py): copies, close ones and new ones', async () => {
    const index = await fixtureIndex();
    expect(new Set(index.golden.map((g) => g.verdict))).toEqual(new Set(['copy', 'close', 'new']));
    expectGoldenReplays(index, 'fixture');
  });

  it('on every shipped model that lists a nearest.json in public/models/index.json (its sha256 checked too)', async () => {
    const index = await readModelIndex();
    const withIndex = (index?.models ?? []).filter((m): m is ModelEntry & { nearest: NonNullable<ModelEntry['nearest']> } => m.nearest !== undefined);
    // The site's "Does it exist?" is for the default model at least: its file must be among those replayed.
    expect(withIndex.map((m) => m.id)).toContain(index?.default);
    for (const model of withIndex) {
      const bytes = new Uint8Array(await readFile(path.join(modelsDir(), model.id, model.nearest.file)));
      expectGoldenReplays(await parseNearestFile(bytes, model), model.id);
    }
  });

  it('and fail when the embedding differs: a blur one tap wider moves the neighbours or distances', async () => {
    const index = await fixtureIndex();
    const wider = { ...index, embedding: { ...index.embedding, blurRadius: index.embedding.blurRadius + 1, blurSigma: index.embedding.blurSigma * 1.5 } };
    expect(() => expectGoldenReplays(wider, 'wider blur')).toThrow();
  });
});

describe('the embedding', () => {
  it('does not move when the symbol moves (whole pixels, nothing cut off)', async () => {
    const index = await fixtureIndex();
    for (let g = 0; g < index.glyphs.length; g++) {
      const mask = glyphMask(index, g);
      const base = embedMask(mask, index.embedding);
      const box = inkBox(mask, 64);
      // Moves of up to 9 px, each kept within the glyph's margins so that no ink is cut off.
      for (const [wantY, wantX] of [[3, -2], [-7, 5], [1, 1], [0, -9], [6, 0], [-9, 9]] as const) {
        const dy = Math.max(-box.top, Math.min(box.bottom, wantY));
        const dx = Math.max(-box.left, Math.min(box.right, wantX));
        const moved = shifted(mask, 64, dy, dx);
        expect(moved.reduce((a, b) => a + b, 0), `${index.glyphs[g]!.name} stays whole`).toBe(mask.reduce((a, b) => a + b, 0));
        expect([...embedMask(moved, index.embedding)], `${index.glyphs[g]!.name} moved by ${dy}, ${dx}`).toEqual([...base]);
      }
    }
  });

  it('centres the ink box as the contract says: dy = 32 - floor((r0 + r1 + 1) / 2)', () => {
    // Rows 2..4, cols 10..13: dy = 32 - 3 = 29, dx = 32 - 12 = 20, so the box lands at rows 31..33, cols 30..33.
    const centred = centreMask(rectMask(64, 2, 5, 10, 14), 64);
    expect([...centred]).toEqual([...rectMask(64, 31, 34, 30, 34)]);
    expect([...centreMask(new Uint8Array(64 * 64), 64)].every((v) => v === 0)).toBe(true);
  });

  it('pools 2x2 into quarters, blurs with normalised taps and zero padding', () => {
    const pooled = poolMask(rectMask(4, 0, 1, 0, 4), 4);
    expect([...pooled]).toEqual([0.5, 0.5, 0, 0]);
    const taps = gaussianTaps(1.5, 4);
    expect(taps.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(taps[4]).toBeGreaterThan(taps[3]!);
    expect(taps[3]).toBe(taps[5]);
    // A single 1 in the corner of a 5x5 image: its blur is the outer product of the taps' halves (zero padding).
    const image = new Float64Array(25);
    image[0] = 1;
    const t = gaussianTaps(1, 2);
    const blurred = blurImage(image, 5, t);
    expect(blurred[0]).toBeCloseTo(t[2]! * t[2]!, 15);
    expect(blurred[1 * 5 + 2]).toBeCloseTo(t[1]! * t[0]!, 15);
    expect(blurred[4 * 5 + 4]).toBe(0);
  });

  it('refuses a mask of another size', async () => {
    const index = await fixtureIndex();
    expect(() => embedMask(new Uint8Array(32 * 32), index.embedding)).toThrow(/1024 pixels; the index embeds 64x64/);
  });
});

describe('the search and the verdict', () => {
  it('returns the k nearest, nearest first, ties to the lower glyph index', () => {
    const embeddings = Float32Array.from([5, 0, 1, 0, -1, 0, 1, 0, 0, 2]);
    expect(nearestGlyphs(embeddings, 2, [0, 0], 3)).toEqual([
      { index: 1, distance: 1 },
      { index: 2, distance: 1 },
      { index: 3, distance: 1 },
    ]);
    expect(nearestGlyphs(embeddings, 2, [5, 0], 2).map((n) => n.index)).toEqual([0, 1]);
    expect(() => nearestGlyphs(embeddings, 2, [0, 0, 0])).toThrow(/3 dimensions; the index has 2/);
  });

  it('is a copy below `copy`, new at or beyond `new`, close between', () => {
    const t = { copy: 0.5, new: 2 };
    expect([0, 0.49, 0.5, 1.99, 2, 7].map((d) => verdictFor(d, t))).toEqual(['copy', 'copy', 'close', 'close', 'new', 'new']);
    const glyph = { name: 'ALCHEMICAL SYMBOL FOR CAPUT MORTUUM', source: 'Noto Sans Symbols, U+1F74E' };
    expect(verdictText('new', glyph, { newPercentile: 10 })).toBe('New: at least as far from every real symbol the network learned from as 90% of real symbols it never saw are.');
    expect(verdictText('close', glyph, { newPercentile: 10 })).toBe('Close to ALCHEMICAL SYMBOL FOR CAPUT MORTUUM (Noto Sans Symbols, U+1F74E), but not a copy.');
    expect(verdictText('copy', glyph, { newPercentile: 10 })).toBe('A copy of ALCHEMICAL SYMBOL FOR CAPUT MORTUUM (Noto Sans Symbols, U+1F74E).');
  });

  it('finds a glyph itself as its own copy, and traces its thumbnail into path data', async () => {
    const index = await fixtureIndex();
    const { neighbours, verdict } = queryNearest(index, glyphMask(index, 7));
    expect(neighbours[0]).toMatchObject({ index: 7 });
    expect(neighbours[0]!.distance).toBeLessThan(1e-5);
    expect(verdict).toBe('copy');
    expect(glyphPathData(index, 7)).toMatch(/^M[\d.]+ [\d.]+/);
  });
});

describe('packed masks', () => {
  it('round-trip, most significant bit first', () => {
    const mask = Uint8Array.from({ length: 64 }, (_, i) => (i * 7) % 3 === 0 ? 1 : 0);
    expect([...unpackMask(packMask(mask), 8)]).toEqual([...mask]);
    expect(packMask(Uint8Array.from([1, 0, 0, 0, 0, 0, 0, 1]))[0]).toBe(0x81);
  });
});

describe('a malformed nearest.json is one clear error naming the file and the model', () => {
  async function parseWith(edit: (json: Record<string, unknown>) => unknown, entry?: Partial<ModelEntry>) {
    const { json } = await readNearestFixture();
    const bytes = new TextEncoder().encode(JSON.stringify(edit(structuredClone(json))));
    const count = Array.isArray(json.glyphs) ? json.glyphs.length : 0;
    return parseNearestFile(bytes, entryWithNearest(bytes, count, entry));
  }

  it('other bytes than index.json names (sha256)', async () => {
    const { bytes, json } = await readNearestFixture();
    const entry = entryWithNearest(bytes, (json.glyphs as unknown[]).length);
    const damaged = bytes.slice();
    damaged[100] = damaged[100]! ^ 1;
    await expect(parseNearestFile(damaged, entry)).rejects.toThrow(/nearest.json of model "fixture-64-20261206" is corrupt: its sha256 is/);
  });

  it('a model without a nearest entry, text that is not JSON, a missing or mistyped field', async () => {
    const { bytes } = await readNearestFixture();
    await expect(parseNearestFile(bytes, { ...entryWithNearest(bytes, 10), nearest: undefined })).rejects.toThrow(/ships no nearest.json/);
    const text = new TextEncoder().encode('{"version": 1,');
    await expect(parseNearestFile(text, entryWithNearest(text, 10))).rejects.toThrow(/is not JSON/);
    await expect(parseWith((j) => ({ ...j, embedding: { ...(j.embedding as object), mean: undefined } }))).rejects.toThrow(/is not valid: embedding\.mean/);
    await expect(parseWith((j) => ({ ...j, version: 2 }))).rejects.toThrow(/is not valid: version/);
    await expect(parseWith((j) => ({ ...j, embedding: { ...(j.embedding as object), kind: 'features-v1' } }))).rejects.toThrow(/is not valid: embedding\.kind/);
    await expect(parseWith((j) => ({ ...j, thumbs: 'not base64!' }))).rejects.toThrow(/thumbs must be base64/);
  });

  it('thumbs that are not one zlib stream: raw packed masks (the format before it), a stream cut short', async () => {
    const raw = Buffer.alloc(512 * 10).toString('base64');
    await expect(parseWith((j) => ({ ...j, thumbs: raw }))).rejects.toThrow(/nearest\.json of model "fixture-64-20261206" is not valid: thumbs do not inflate/);
    const whole = deflateSync(Buffer.alloc(512 * 10, 0x5a));
    const cut = whole.subarray(0, whole.length - 6).toString('base64');
    await expect(parseWith((j) => ({ ...j, thumbs: cut }))).rejects.toBeInstanceOf(NearestFileError);
    await expect(parseWith((j) => ({ ...j, thumbs: cut }))).rejects.toThrow(/thumbs do not inflate/);
    await expect(parseWith((j) => ({ ...j, thumbs: whole.toString('base64') }))).resolves.toMatchObject({ thumbs: new Uint8Array(512 * 10).fill(0x5a) });
    await expect(parseWith((j) => ({ ...j, golden: [{ mask: '', nearest: [0], distances: [0], verdict: 'maybe' }] }))).rejects.toThrow(/golden\.0\.verdict/);
  });

  it('arrays of the wrong length, counts that disagree, a resolution not the model’s, thresholds the wrong way round', async () => {
    const cases: [(j: Record<string, unknown>) => unknown, RegExp, Partial<ModelEntry>?][] = [
      [(j) => ({ ...j, embeddings: Buffer.from(new Float32Array(3).buffer).toString('base64') }), /embeddings holds 3 floats, not 10 x 2/],
      [(j) => ({ ...j, embedding: { ...(j.embedding as object), mean: Buffer.from(new Float32Array(1000).buffer).toString('base64') } }), /mean holds 1000 floats, not 1024/],
      [(j) => ({ ...j, embedding: { ...(j.embedding as object), dims: 3 } }), /components holds 2048 floats, not 3 x 1024/],
      [(j) => ({ ...j, thumbs: deflateSync(Buffer.alloc(512 * 9)).toString('base64') }), /thumbs inflate to 4608 bytes, not 10 x 512/],
      [(j) => ({ ...j, embeddings: Buffer.from(new Float32Array(20).fill(NaN).buffer).toString('base64') }), /NaN or infinities/],
      [(j) => ({ ...j, verdict: { copy: 3, new: 1, newPercentile: 10, copyPercentile: 1 } }), /copy threshold \(3\) is beyond its new threshold \(1\)/],
      [(j) => ({ ...j, golden: [{ ...(j.golden as object[])[0], nearest: [0, 1, 10] }] }), /golden 0 names a glyph past the 10 listed/],
      [(j) => ({ ...j, golden: [{ ...(j.golden as object[])[0], distances: [0] }] }), /golden 0 has 3 neighbours and 1 distances/],
      [(j) => j, /its masks are 64 px, the model draws 32 px/, { resolution: 32 }],
    ];
    for (const [edit, message, entry] of cases) await expect(parseWith(edit, entry), String(message)).rejects.toThrow(message);
    const { bytes } = await readNearestFixture();
    await expect(parseNearestFile(bytes, entryWithNearest(bytes, 11))).rejects.toThrow(/it lists 10 glyphs, index.json says 11/);
    await expect(parseWith((j) => j)).resolves.toMatchObject({ modelId: 'fixture-64-20261206' });
    await expect(parseWith((j) => ({ ...j, version: 2 }))).rejects.toBeInstanceOf(NearestFileError);
  });
});

describe('links', () => {
  it('name the nearest API with the image API’s query string', () => {
    expect(nearestApiPath('a sigil')).toBe('/api/nearest/a%20sigil');
    expect(nearestApiPath('courage', { model: 'sigil-64-20261201-4', style: 'rune', psi: 0.7 })).toBe('/api/nearest/courage?m=sigil-64-20261201-4&k=rune&t=0.7');
    expect(nearestApiPath('x/y', { psi: 1 })).toBe('/api/nearest/x%2Fy');
  });

  it('carry the sliders’ offsets (?e=) last, as seedPath does, so the API reads back the same offsets', () => {
    const link = nearestApiPath('courage', { model: 'sigil-64-x', style: 'rune', psi: 0.7, edits: '0:1.5,3:-2' });
    expect(link).toBe('/api/nearest/courage?m=sigil-64-x&k=rune&t=0.7&e=0%3A1.5%2C3%3A-2');
    expect(new URL(link, 'http://localhost').searchParams.get('e')).toBe('0:1.5,3:-2');
    expect(link.slice(link.indexOf('?'))).toBe(seedPath('courage', 'sigil-64-x', 0.7, 'rune', '0:1.5,3:-2').slice('/s/courage'.length));
    for (const none of ['', null, undefined]) expect(nearestApiPath('courage', { edits: none })).toBe('/api/nearest/courage');
  });
});
