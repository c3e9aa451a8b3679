/**
 * /api/nearest/<seed>, called directly (no server) against a tiny model folder on disk whose nearest.json lists the
 * symbol the model draws for "courage" among its glyphs: the JSON (verdict, three named neighbours, the symbol's own
 * path data, the thresholds), caching as the image API (Cache-Control, ETag, 304), the sliders' offsets (?e=) as the
 * image API applies them, 400 for bad input, 404 for an unknown model and for a model published without nearest.json,
 * 503 for a damaged one: never a 500.
 */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import * as nearestRoute from '@/app/api/nearest/[seed]/route';
import { sha256Hex } from '@/lib/bytes';
import { nearestApiPath } from '@/lib/links';
import { load } from '@/lib/model/generator';
import type { ModelEntry } from '@/lib/model/model-folder';
import type { NearestAnswer } from '@/lib/nearest/answer';
import { renderSeeds, type RenderedSymbol } from '@/lib/render/symbol';
import { CACHE_IMMUTABLE, CACHE_SHORT } from '@/lib/server/http';
import { symbolImageResponse } from '@/lib/server/image-api';
import { fileModelSource } from '@/lib/server/model-files';
import { nearestAnswer, nearestResponse } from '@/lib/server/nearest-api';
import { nearestIndexFor } from '@/lib/server/nearest-index';
import { sliderShift } from '@/lib/sliders/offsets';
import { parseSlidersFile } from '@/lib/sliders/sliders-file';

import { buildNearestJson, sha256 } from './helpers/nearest-fixture';
import { tinyModelsDir } from './helpers/tiny-model';

const R = 16;
let dir: string;
let entry: ModelEntry;
let courage: RenderedSymbol;
let slidersBytes: Uint8Array;
const WITHOUT = 'tiny-16-20260102';
const DAMAGED = 'tiny-16-20260103';
/** nearest.json but no sliders.json. */
const NO_SLIDERS = 'tiny-16-20260104';

function square(y0: number, y1: number, x0: number, x1: number): Uint8Array {
  const m = new Uint8Array(R * R);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) m[y * R + x] = 1;
  return m;
}

/** Three unit directions of the tiny model's z (a real model's come from training/sefa.py). */
function slidersJson(modelId: string, latentSize: number) {
  const unit = (k: number) => {
    const v = new Float32Array(latentSize);
    v[k] = 1;
    return Buffer.from(new Uint8Array(v.buffer)).toString('base64');
  };
  const sliders = [0, 1, 2].map((k) => ({ id: `d${k}`, label: `D${k}`, less: 'less', more: 'more', measure: 'ink', direction: unit(k) }));
  return { version: 1, modelId, latentSize, range: 3, sliders };
}

beforeAll(async () => {
  const tiny = await tinyModelsDir();
  const base = tiny.entry;
  const generator = await load({ model: base, source: fileModelSource(tiny.dir), backends: ['cpu'] });
  courage = (await renderSeeds(generator, ['courage']))[0]!;
  generator.dispose();
  const glyphs = [
    { name: 'THE SYMBOL FOR COURAGE', source: 'Test Font, U+0001', style: null, mask: courage.mask },
    { name: 'SQUARE', source: 'Test Font, U+25A0', style: null, mask: square(4, 12, 4, 12) },
    { name: 'BAR', source: 'Hershey glyph 1', style: null, mask: square(2, 14, 7, 9) },
    { name: 'DOT', source: 'Sigil of the phrase "dot"', style: null, mask: square(7, 9, 7, 9) },
  ];
  const nearest = buildNearestJson(R, glyphs, { copy: 1e-4 });
  dir = await mkdtemp(path.join(tmpdir(), 'tsdne-nearest-'));
  const withNearest = { ...base, nearest: { file: 'nearest.json' as const, sha256: sha256(nearest), bytes: nearest.byteLength, count: glyphs.length } };
  slidersBytes = new TextEncoder().encode(JSON.stringify(slidersJson(base.id, base.latentSize)));
  const sliders = { file: 'sliders.json' as const, sha256: await sha256Hex(slidersBytes), bytes: slidersBytes.byteLength, count: 3 };
  for (const id of [base.id, WITHOUT, DAMAGED, NO_SLIDERS]) {
    await cp(path.join(tiny.dir, base.id), path.join(dir, id), { recursive: true });
  }
  await writeFile(path.join(dir, base.id, 'nearest.json'), nearest);
  await writeFile(path.join(dir, NO_SLIDERS, 'nearest.json'), nearest);
  await writeFile(path.join(dir, base.id, 'sliders.json'), slidersBytes);
  const damaged = nearest.slice();
  damaged[40] = damaged[40]! ^ 1;
  await writeFile(path.join(dir, DAMAGED, 'nearest.json'), damaged);
  entry = { ...withNearest, sliders };
  const models = [entry, { ...base, id: WITHOUT }, { ...withNearest, id: DAMAGED }, { ...withNearest, id: NO_SLIDERS }];
  await writeFile(path.join(dir, 'index.json'), JSON.stringify({ version: 1, default: base.id, models }));
  await rm(tiny.dir, { recursive: true, force: true });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const BASE = 'http://localhost/api/nearest/';
const get = (seed: string, query = '', headers: Record<string, string> = {}) =>
  nearestResponse(new Request(`${BASE}${encodeURIComponent(seed)}${query}`, { headers }), seed, { dir });

async function error(res: Response) {
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  const body = (await res.json()) as { error: string; status: number };
  expect(body.status).toBe(res.status);
  expect(body.error.length).toBeGreaterThan(10);
  return body.error;
}

describe('GET /api/nearest/<seed>', () => {
  it('finds the glyph the symbol was copied from, names three neighbours nearest first, and draws them all', async () => {
    const res = await get('courage');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = (await res.json()) as NearestAnswer;
    expect(body).toMatchObject({ model: entry.id, seed: 'courage', psi: 1, style: null, edits: null, verdict: 'copy' });
    expect(body.verdictText).toBe('A copy of THE SYMBOL FOR COURAGE (Test Font, U+0001).');
    expect(body.nearest).toHaveLength(3);
    expect(body.nearest[0]).toMatchObject({ index: 0, name: 'THE SYMBOL FOR COURAGE', source: 'Test Font, U+0001', style: null });
    expect(body.nearest[0]!.distance).toBeLessThan(1e-4);
    const distances = body.nearest.map((n) => n.distance);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(new Set(body.nearest.map((n) => n.index)).size).toBe(3);
    for (const n of body.nearest) expect(n.path, n.name).toMatch(/^M[\d.]+ [\d.]+/);
    // The glyph is the symbol's own mask, traced the same way: the same outline.
    expect(body.nearest[0]!.path).toBe(courage.pathData);
    expect(body.symbol.path).toBe(courage.pathData);
    expect(body.thresholds).toEqual({ copy: 1e-4, new: 1e9, newPercentile: 10, copyPercentile: 1 });
  });

  it('calls another symbol close to its nearest glyph, and follows ?t= (another symbol, another answer)', async () => {
    const other = (await (await get('luna')).json()) as NearestAnswer;
    expect(other.verdict).toBe('close');
    expect(other.verdictText).toMatch(/^Close to .+ \(.+\), but not a copy\.$/);
    const generator = await load({ model: entry, source: fileModelSource(dir), backends: ['cpu'] });
    const [truncated] = await renderSeeds(generator, ['courage'], { psi: 0.5 });
    generator.dispose();
    const res = await get('courage', '?t=0.5');
    const body = (await res.json()) as NearestAnswer;
    expect(body.psi).toBe(0.5);
    expect(body.symbol.path).toBe(truncated!.pathData);
    expect(res.headers.get('etag')).not.toBe((await get('courage')).headers.get('etag'));
  });

  it('is immutable with ?m=, short-cached without, with a strong ETag that If-None-Match answers with 304', async () => {
    expect((await get('courage')).headers.get('cache-control')).toBe(CACHE_SHORT);
    const first = await get('courage', `?m=${entry.id}`);
    expect(first.headers.get('cache-control')).toBe(CACHE_IMMUTABLE);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{20,}"$/);
    for (const inm of [etag, `W/${etag}`, `"nope", ${etag}`]) {
      const again = await get('courage', `?m=${entry.id}`, { 'If-None-Match': inm });
      expect(again.status).toBe(304);
      expect(again.headers.get('cache-control')).toBe(CACHE_IMMUTABLE);
      expect((await again.arrayBuffer()).byteLength).toBe(0);
    }
    expect((await get('courage', `?m=${entry.id}`, { 'If-None-Match': '"other"' })).status).toBe(200);
    expect((await get('other', `?m=${entry.id}`)).headers.get('etag')).not.toBe(etag);
  });
});

describe('the sliders’ offsets (?e=)', () => {
  const EDITS = '0:2.5,2:-3';
  /** The request nearestApiPath builds for the studio's symbol, answered directly. */
  const getLink = (seed: string, options: Parameters<typeof nearestApiPath>[1], headers: Record<string, string> = {}) =>
    nearestResponse(new Request(`http://localhost${nearestApiPath(seed, options)}`, { headers }), seed, { dir });

  it('answers for the moved symbol: the answer computed from the shifted latent, the image API’s adjusted symbol', async () => {
    const res = await getLink('courage', { model: entry.id, edits: EDITS });
    expect(res.status).toBe(200);
    const body = (await res.json()) as NearestAnswer;
    const shift = sliderShift(parseSlidersFile(entry, slidersBytes), [2.5, 0, -3])!;
    const generator = await load({ model: entry, source: fileModelSource(dir), backends: ['cpu'] });
    const [moved] = await renderSeeds(generator, ['courage'], { shift });
    generator.dispose();
    expect(body).toEqual(nearestAnswer(moved!, await nearestIndexFor(entry, dir)));
    expect(body.edits).toBe(EDITS);
    // Not the unadjusted symbol's answer: the copy of "courage" is no longer a copy.
    expect(body.symbol.path).not.toBe(courage.pathData);
    expect(body.verdict).not.toBe('copy');
    const svg = await (await symbolImageResponse(new Request(`http://localhost/api/symbol/courage.svg?e=${EDITS}`), 'courage.svg', { dir })).text();
    expect(/<path[^>]* d="([^"]+)"/.exec(svg)?.[1]).toBe(body.symbol.path);
  });

  it('keys the cache on the offsets: another ETag for each ?e=, immutable with ?m=, 304 for its own ETag', async () => {
    const moved = await getLink('courage', { model: entry.id, edits: EDITS });
    expect(moved.headers.get('cache-control')).toBe(CACHE_IMMUTABLE);
    const etag = moved.headers.get('etag')!;
    const others = [await getLink('courage', { model: entry.id }), await getLink('courage', { model: entry.id, edits: '0:2.5' })];
    for (const other of others) expect(other.headers.get('etag')).not.toBe(etag);
    expect((await getLink('courage', { model: entry.id, edits: EDITS }, { 'If-None-Match': etag })).status).toBe(304);
    expect((await getLink('courage', { model: entry.id }, { 'If-None-Match': etag })).status).toBe(200);
  });

  it('answers a bad ?e=, or one for a model without sliders, with 400 JSON as the image API does', async () => {
    const cases: [string, RegExp][] = [
      ['?e=0:9', /past ±3/],
      ['?e=banana', /cannot be read/],
      ['?e=1:1,0:1', /once, in order/],
      ['?e=5:1', /this model has 3/],
      [`?m=${NO_SLIDERS}&e=0:1`, /has no sliders/],
    ];
    for (const [query, message] of cases) {
      const res = await get('courage', query);
      expect(res.status, query).toBe(400);
      expect(await error(res)).toMatch(message);
      const image = await symbolImageResponse(new Request(`http://localhost/api/symbol/courage.svg${query}`), 'courage.svg', { dir });
      expect(image.status, query).toBe(400);
    }
    // A model without the check says that first: its sliders do not matter.
    expect((await get('courage', `?m=${WITHOUT}&e=0:1`)).status).toBe(404);
  });
});

describe('bad input never gives a 500', () => {
  it('answers bad seeds, strangeness and styles with 400 JSON', async () => {
    const cases: [string, string, RegExp][] = [
      ['', '', /empty/],
      ['   ', '', /empty/],
      ['x'.repeat(500), '', /the most is 64/],
      ['a\u0000b', '', /control character/],
      ['%ZZ%E0%A4%A', '', /percent-encoded/],
      ['courage', '?t=9', /t \(the strangeness\) must be a number/],
      ['courage', '?t=abc', /t \(the strangeness\)/],
      ['courage', '?k=rune', /Leave out k for this model/],
    ];
    for (const [seed, query, message] of cases) {
      const res = await get(seed, query);
      expect(res.status, `${seed.slice(0, 10)}${query}`).toBe(400);
      expect(await error(res)).toMatch(message);
    }
  });

  it('answers an unknown model with 404, as the image API does', async () => {
    for (const m of ['no-such-model-1', '../../etc/passwd', 'A'.repeat(300)]) {
      const res = await get('courage', `?m=${encodeURIComponent(m)}`);
      expect(res.status, m.slice(0, 20)).toBe(404);
      expect(await error(res)).toMatch(/There is no model/);
    }
  });

  it('says the check is not available for a model published without nearest.json (404), and a damaged one is a 503', async () => {
    const without = await get('courage', `?m=${WITHOUT}`);
    expect(without.status).toBe(404);
    expect(await error(without)).toBe(`The check against real symbols is not available for the model ${WITHOUT}: it was published without an index of its training symbols.`);
    const damaged = await get('courage', `?m=${DAMAGED}`);
    expect(damaged.status).toBe(503);
    expect(await error(damaged)).toMatch(/index of real symbols of the model "tiny-16-20260103" cannot be read/);
  });

  it('the route answers other methods with 405 and delegates GET (a bad seed: 400 before any model is read)', async () => {
    const post = await nearestRoute.POST(new Request(`${BASE}courage`, { method: 'POST' }));
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    const res = await nearestRoute.GET(new Request(`${BASE}%20`), { params: Promise.resolve({ seed: '%20' }) });
    expect(res.status).toBe(400);
    expect(await error(res)).toMatch(/empty/);
  });
});
