/**
 * The image API and share-card handlers, called directly (no server) against a tiny model folder
 * on disk: formats, sizes, caching (Cache-Control, ETag, 304), and every kind of bad input gets a
 * clear 4xx JSON answer, never a 500 and never a read outside the models folder.
 */
import { rm } from 'node:fs/promises';

import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import * as cardRoute from '@/app/api/card/[file]/route';
import * as symbolRoute from '@/app/api/symbol/[file]/route';
import { load } from '@/lib/model/generator';
import type { ModelEntry } from '@/lib/model/model-folder';
import { renderSeeds, SYMBOL_VIEWBOX, symbolSvg } from '@/lib/render/symbol';
import { CACHE_IMMUTABLE, CACHE_SHORT } from '@/lib/server/http';
import { cardImageResponse, symbolImageResponse } from '@/lib/server/image-api';
import { fileModelSource } from '@/lib/server/model-files';

import { centreMask } from '../support/sample-outlines';
import { tinyModelsDir } from './helpers/tiny-model';

let dir: string;
let modelId: string;
let unlisted: string;

let entry: ModelEntry;

beforeAll(async () => {
  const tiny = await tinyModelsDir();
  ({ dir, unlisted, entry } = tiny);
  modelId = entry.id;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const BASE = 'http://localhost/api/symbol/';
const get = (file: string, query = '', headers: Record<string, string> = {}) =>
  symbolImageResponse(new Request(`${BASE}${file}${query}`, { headers }), decodeURIComponent(file), { dir });

async function json(res: Response) {
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  const body = (await res.json()) as { error: string; status: number };
  expect(body.status).toBe(res.status);
  expect(body.error.length).toBeGreaterThan(10);
  return body;
}

describe('GET /api/symbol/<seed>.png', () => {
  it('is a crisp PNG of the default 512 px, short-cached without ?m, with a strong ETag', async () => {
    const res = await get('courage.png');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('cache-control')).toBe(CACHE_SHORT);
    expect(res.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]{20,}"$/);
    const png = PNG.sync.read(Buffer.from(await res.arrayBuffer()));
    expect([png.width, png.height]).toEqual([512, 512]);
    // Ink and paper only, plus anti-aliased outline pixels: no blur (most pixels are pure black or white).
    let pure = 0;
    let ink = 0;
    for (let i = 0; i < png.data.length; i += 4) {
      const v = png.data[i]!;
      if (v === 0 || v === 255) pure++;
      if (v < 128) ink++;
    }
    const n = png.width * png.height;
    expect(pure / n).toBeGreaterThan(0.97);
    expect(ink).toBeGreaterThan(0);
  });

  it('with ?m= is immutable; If-None-Match answers 304 with no body; the ETag follows size and format', async () => {
    const first = await get('courage.png', `?m=${modelId}&size=128`);
    expect(first.headers.get('cache-control')).toBe(CACHE_IMMUTABLE);
    const etag = first.headers.get('etag')!;
    const again = await get('courage.png', `?m=${modelId}&size=128`);
    expect(again.headers.get('etag')).toBe(etag);

    for (const inm of [etag, `W/${etag}`, `"nope", ${etag}`, '*']) {
      const revalidated = await get('courage.png', `?m=${modelId}&size=128`, { 'If-None-Match': inm });
      expect(revalidated.status).toBe(304);
      expect(revalidated.headers.get('etag')).toBe(etag);
      expect(revalidated.headers.get('cache-control')).toBe(CACHE_IMMUTABLE);
      expect((await revalidated.arrayBuffer()).byteLength).toBe(0);
    }
    expect((await get('courage.png', `?m=${modelId}&size=128`, { 'If-None-Match': '"other"' })).status).toBe(200);
    const etags = new Set([etag, (await get('courage.png', `?m=${modelId}&size=129`)).headers.get('etag'), (await get('courage.svg', `?m=${modelId}`)).headers.get('etag'), (await get('other.png', `?m=${modelId}&size=128`)).headers.get('etag')]);
    expect(etags.size).toBe(4);
    // The default model named explicitly is still explicit (immutable); the same bytes as without ?m.
    const implicit = await get('courage.png', '?size=128');
    expect(implicit.headers.get('cache-control')).toBe(CACHE_SHORT);
    expect(Buffer.from(await implicit.arrayBuffer()).equals(Buffer.from(await first.arrayBuffer()))).toBe(true);
  });

  it('accepts every size from 64 to 2048 and rejects anything else with 400', async () => {
    for (const size of [64, 2048]) {
      const res = await get('x.png', `?size=${size}`);
      expect(res.status).toBe(200);
      expect(PNG.sync.read(Buffer.from(await res.arrayBuffer())).width).toBe(size);
    }
    for (const bad of ['63', '2049', '0', '-1', '12.5', '1e3', 'abc', '', '%20512', '99999999999']) {
      const res = await get('x.png', `?size=${bad}`);
      expect(res.status, `size=${bad}`).toBe(400);
      expect((await json(res)).error).toMatch(/size/);
    }
  });

  it('draws the outline of the browser code path (lib/render/symbol on another backend): binarized, it agrees on >= 99% of pixels', async () => {
    const reference = await load({ model: entry, source: fileModelSource(dir), backends: ['cpu'] });
    const symbols = await renderSeeds(reference, ['a sigil for courage', 'Ωmega', '🔥 fire', 'luna', 'x']);
    reference.dispose();
    for (const s of symbols) {
      const res = await get(`${encodeURIComponent(s.seed)}.png`, '?size=64');
      const png = PNG.sync.read(Buffer.from(await res.arrayBuffer()));
      const want = centreMask(s.outlines, 64, 64, 64 / SYMBOL_VIEWBOX);
      let same = 0;
      for (let i = 0; i < want.length; i++) if ((png.data[i * 4]! < 128 ? 1 : 0) === want[i]) same++;
      expect(same / want.length, s.seed).toBeGreaterThanOrEqual(0.99);
    }
  });
});

describe('GET /api/symbol/<seed>.svg', () => {
  it('is byte for byte the site’s SVG download (symbolSvg in lib/render/symbol, of the same outline)', async () => {
    const gen = await load({ model: entry, source: fileModelSource(dir), backends: ['cpu'] });
    const [symbol] = await renderSeeds(gen, ['a sigil for courage']);
    gen.dispose();
    const res = await get(encodeURIComponent('a sigil for courage') + '.svg');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    expect(await res.text()).toBe(symbolSvg(symbol!));
  });
});

describe('?t= (the strangeness)', () => {
  it('renders the truncated symbol, as the site does for /s/<seed>?t=', async () => {
    const gen = await load({ model: entry, source: fileModelSource(dir), backends: ['cpu'] });
    const [symbol] = await renderSeeds(gen, ['courage'], { psi: 0.5 });
    gen.dispose();
    const res = await get('courage.svg', '?t=0.5');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(symbolSvg(symbol!));
    expect(res.headers.get('content-disposition')).toContain('-t0.5.svg');
    const plain = await get('courage.svg');
    expect(res.headers.get('etag')).not.toBe(plain.headers.get('etag'));
  });

  it('rejects values the page would clamp or replace with 400 JSON', async () => {
    for (const t of ['9', 'abc', '0.1', '1e0']) {
      const res = await get('courage.png', `?t=${t}`);
      expect(res.status, t).toBe(400);
      expect((await json(res)).error).toMatch(/t \(the strangeness\) must be a number from 0\.3 to 1\.5/);
    }
  });
});

describe('bad input never gives a 500', () => {
  it('normalizes valid seeds of any script, emoji, and path-like text', async () => {
    for (const seed of ['Ωmega', '🔥🜂', '  spaced   out  ', '../', '..%2F..%2Fetc%2Fpasswd', 'a.b.c', 'Ä'.normalize('NFD')]) {
      const res = await get(`${encodeURIComponent(seed)}.svg`);
      expect(res.status, seed).toBe(200);
    }
    // NFC and whitespace normalization: the same symbol, so the same ETag.
    const a = await get(`${encodeURIComponent('Ä'.normalize('NFD'))}.svg`);
    const b = await get(`${encodeURIComponent('Ä')}.svg`);
    expect(a.headers.get('etag')).toBe(b.headers.get('etag'));
  });

  it('rejects empty, too long, control-character and broken seeds with 400 JSON', async () => {
    const cases: [string, RegExp][] = [
      ['.png', /empty/],
      ['%20%20.png', /empty/],
      [`${'x'.repeat(10_000)}.png`, /10000 characters long; the most is 64/],
      ['abc%00def.png', /control character \(U\+0000\)/],
      ['a%07.svg', /control character/],
    ];
    for (const [file, message] of cases) {
      const res = await symbolImageResponse(new Request(`${BASE}${file}`), file.includes('%00') || file.includes('%07') ? file : decodeURIComponent(file), { dir });
      expect(res.status, file.slice(0, 20)).toBe(400);
      expect((await json(res)).error).toMatch(message);
    }
    // Broken percent-encoding left in the segment by the router.
    const broken = await symbolImageResponse(new Request(`${BASE}x.png`), '%ZZ%E0%A4%A.png', { dir });
    expect(broken.status).toBe(400);
    expect((await json(broken)).error).toMatch(/percent-encoded/);
  });

  it('rejects other extensions with 400', async () => {
    for (const file of ['courage', 'courage.jpg', 'courage.PNG', 'courage.png.exe', 'courage.']) {
      const res = await get(file);
      expect(res.status, file).toBe(400);
      expect((await json(res)).error).toMatch(/\.png or \.svg/);
    }
  });

  it('answers an unknown model with 404, also for ids that exist on disk but not in index.json, or that look like paths', async () => {
    for (const m of ['no-such-model-1', unlisted, '../../../etc/passwd', '..%2F..%2Fetc', 'A'.repeat(500), '%00']) {
      const res = await get('courage.png', `?m=${encodeURIComponent(m)}`);
      expect(res.status, m.slice(0, 20)).toBe(404);
      expect((await json(res)).error).toMatch(/There is no model/);
    }
  });

  it('answers 503 JSON (not a crash) when no model is published', async () => {
    const res = await symbolImageResponse(new Request(`${BASE}x.png`), 'x.png', { dir: `${dir}/nowhere` });
    expect(res.status).toBe(503);
    await json(res);
  });
});

describe('methods', () => {
  it('answers every method but GET and HEAD with 405 JSON and an Allow header', async () => {
    for (const route of [symbolRoute, cardRoute]) {
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const) {
        const handler = route[method];
        const res = await handler(new Request('http://localhost/api/symbol/x.png', { method }));
        expect(res.status, method).toBe(405);
        expect(res.headers.get('allow')).toBe('GET, HEAD');
        expect((await json(res)).error).toMatch(new RegExp(`${method} is not allowed`));
      }
      expect(typeof route.GET).toBe('function');
    }
  });
});

describe('GET /api/card/<seed>.png', () => {
  it('is a 1200x630 PNG for any seed, emoji and unknown scripts included, drawn without the network', async () => {
    const realFetch = globalThis.fetch;
    const fetched: string[] = [];
    globalThis.fetch = (async (input: RequestInfo | URL) => {
      const url = String(input instanceof Request ? input.url : input);
      // next/og loads its own bundled wasm through data: URLs; anything else would be the network.
      if (url.startsWith('data:')) return realFetch(input);
      fetched.push(url);
      throw new Error('no network in tests');
    }) as typeof fetch;
    try {
      for (const seed of ['a sigil for courage', '🔥🜂☉ emoji & alchemy', '中文 עברית ગુજરાતી', 'Ωmega Жар']) {
        const res = await cardImageResponse(new Request(`http://localhost/api/card/x.png?m=${modelId}`), `${seed}.png`, { dir });
        expect(res.status, seed).toBe(200);
        expect(res.headers.get('content-type')).toBe('image/png');
        expect(res.headers.get('cache-control')).toBe(CACHE_IMMUTABLE);
        const png = PNG.sync.read(Buffer.from(await res.arrayBuffer()));
        expect([png.width, png.height]).toEqual([1200, 630]);
      }
    } finally {
      globalThis.fetch = realFetch;
    }
    expect(fetched).toEqual([]);
  }, 120_000);

  it('validates like the image API and answers If-None-Match with 304', async () => {
    const bad = await cardImageResponse(new Request('http://localhost/api/card/x.svg'), 'x.svg', { dir });
    expect(bad.status).toBe(400);
    expect((await json(bad)).error).toMatch(/\.png/);
    expect((await cardImageResponse(new Request('http://localhost/api/card/x.png?m=nope'), 'x.png', { dir })).status).toBe(404);
    expect((await cardImageResponse(new Request('http://localhost/api/card/x.png'), `${'y'.repeat(10_000)}.png`, { dir })).status).toBe(400);
    const first = await cardImageResponse(new Request('http://localhost/api/card/x.png'), 'luna.png', { dir });
    expect(first.headers.get('cache-control')).toBe(CACHE_SHORT);
    const etag = first.headers.get('etag')!;
    const again = await cardImageResponse(new Request('http://localhost/api/card/x.png', { headers: { 'If-None-Match': etag } }), 'luna.png', { dir });
    expect(again.status).toBe(304);
  }, 120_000);
});
