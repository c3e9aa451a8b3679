/**
 * Latent links (/z/<code>) and the sliders' ?e= through every drawing path, on the committed conditional development
 * model (tests/fixtures/models/cond-dev-32) with a sliders.json written beside it: the browser's functions
 * (renderCodes, renderSeeds with a shift), the server's batched generator, the image API and the card draw the same
 * symbol; a seed link without ?e= is what it was, and a seed page's first paint with ?e= is the image API's adjusted
 * symbol; every bad code, model or ?e= is a clear 400 (or a clear page, or a page's notice), never a 500.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import * as latentCardRoute from '@/app/api/card/z/[file]/route';
import * as latentSymbolRoute from '@/app/api/symbol/z/[file]/route';
import { sha256Hex } from '@/lib/bytes';
import { encodeLatentCode } from '@/lib/latent/codec';
import type { ModelEntry } from '@/lib/model/model-folder';
import { resolveModel } from '@/lib/model/model-index';
import { latentSvg, renderCodes } from '@/lib/render/latent-symbol';
import { renderSeeds, symbolSvg } from '@/lib/render/symbol';
import { seedToLatent } from '@/lib/seeds/seed';
import { parseSlidersFile } from '@/lib/sliders/sliders-file';
import { sliderShift } from '@/lib/sliders/offsets';
import { firstPaint } from '@/lib/server/first-paint';
import { SymbolServer } from '@/lib/server/generator';
import { cardImageResponse, symbolImageResponse } from '@/lib/server/image-api';
import { latentPage } from '@/lib/server/latent-page';
import { readModelIndex } from '@/lib/server/model-files';
import { pageEdits } from '@/lib/server/sliders';

import { FIXTURE_MODELS_DIR } from './helpers/fixture-models';
import { tinyModelsDir } from './helpers/tiny-model';

let dir: string;
let model: ModelEntry;
let slidersBytes: Uint8Array;
let tiny: { dir: string; entry: ModelEntry };
const server = new SymbolServer();

/** Three unit directions of z (a real model's come from training/sefa.py). */
function slidersJson(latentSize: number) {
  const unit = (k: number) => {
    const v = new Float32Array(latentSize);
    v[k] = 1;
    return Buffer.from(new Uint8Array(v.buffer)).toString('base64');
  };
  return {
    version: 1,
    modelId: 'cond-dev-32',
    latentSize,
    range: 3,
    sliders: [0, 1, 2].map((k) => ({ id: `d${k}`, label: `D${k}`, less: 'less', more: 'more', measure: 'ink', direction: unit(k) })),
  };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'latent-links-'));
  await cp(FIXTURE_MODELS_DIR, dir, { recursive: true });
  slidersBytes = new TextEncoder().encode(JSON.stringify(slidersJson(100)));
  await writeFile(path.join(dir, 'cond-dev-32', 'sliders.json'), slidersBytes);
  const index = JSON.parse(await readFile(path.join(dir, 'index.json'), 'utf8'));
  index.models[0].sliders = { file: 'sliders.json', sha256: await sha256Hex(slidersBytes), bytes: slidersBytes.length, count: 3 };
  await writeFile(path.join(dir, 'index.json'), JSON.stringify(index));
  const resolved = resolveModel((await readModelIndex(dir))!, null);
  if (!resolved.ok) throw new Error(resolved.error);
  model = resolved.model;
  tiny = await tinyModelsDir();
});
afterAll(async () => {
  server.dispose();
  await rm(dir, { recursive: true, force: true });
  await rm(tiny.dir, { recursive: true, force: true });
});

const CODE = () => encodeLatentCode({ latent: seedToLatent('a drawn symbol', 100), style: { index: 4, count: 9 } });
const get = (route: typeof symbolImageResponse, url: string, latent: boolean, d = dir) => {
  const u = new URL(url, 'http://localhost');
  return route(new Request(u), decodeURIComponent(u.pathname.split('/').pop()!), { dir: d, latent });
};

async function json(res: Response) {
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  return ((await res.json()) as { error: string }).error;
}

describe('a latent link draws one symbol everywhere', () => {
  it('the browser’s renderCodes and the server’s batched generator give the same path data, and the image API that SVG', async () => {
    const generator = await server.generator(model, dir);
    const code = CODE();
    const [browser] = await renderCodes(generator, [code]);
    const fromServer = await server.renderCode(model, code, dir);
    expect(fromServer.pathData).toBe(browser!.pathData);
    expect(fromServer.style).toBe('sign');
    const res = await get(symbolImageResponse, `/api/symbol/z/${code}.svg?m=cond-dev-32`, true);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/immutable/);
    expect(await res.text()).toBe(latentSvg(browser!));
  });

  it('a code made from a seed’s latent and style draws that seed’s symbol (z rounded to halves changes no pixel here)', async () => {
    const generator = await server.generator(model, dir);
    const [seed] = await renderSeeds(generator, ['luna'], { style: 'rune' });
    const code = encodeLatentCode({ latent: seedToLatent('luna', 100), style: { index: 2, count: 9 } });
    const [latent] = await renderCodes(generator, [code]);
    expect(latent!.mask).toEqual(seed!.mask);
  });

  it('?e= moves the symbol the same way in the browser and the server, for codes and seeds; without it a seed is unchanged', async () => {
    const generator = await server.generator(model, dir);
    const shift = sliderShift(parseSlidersFile(model, slidersBytes), [2.5, 0, -3])!;
    const code = CODE();
    const [browser] = await renderCodes(generator, [code], shift);
    const res = await get(symbolImageResponse, `/api/symbol/z/${code}.svg?e=0:2.5,2:-3`, true);
    expect(await res.text()).toBe(latentSvg(browser!));
    const [plain] = await renderCodes(generator, [code]);
    expect(browser!.pathData).not.toBe(plain!.pathData);

    const [seedMoved] = await renderSeeds(generator, ['courage'], { psi: 0.8, shift });
    const seedRes = await get(symbolImageResponse, `/api/symbol/courage.svg?t=0.8&e=0:2.5,2:-3`, false);
    expect(await seedRes.text()).toBe(symbolSvg(seedMoved!));
    expect(seedRes.headers.get('content-disposition')).toContain('-e0p2.5-2p-3');
    const [seedPlain] = await renderSeeds(generator, ['courage'], { psi: 0.8 });
    const plainRes = await get(symbolImageResponse, `/api/symbol/courage.svg?t=0.8`, false);
    expect(await plainRes.text()).toBe(symbolSvg(seedPlain!));
    expect(plainRes.headers.get('etag')).not.toBe(seedRes.headers.get('etag'));
  });

  it('the card is a 1200x630 PNG, from the app route', async () => {
    const code = CODE();
    const res = await cardImageResponse(new Request(`http://localhost/api/card/z/${code}.png?m=cond-dev-32`), `${code}.png`, { dir, latent: true });
    expect(res.status).toBe(200);
    const png = PNG.sync.read(Buffer.from(await res.arrayBuffer()));
    expect([png.width, png.height]).toEqual([1200, 630]);
    expect(typeof latentCardRoute.GET).toBe('function');
    expect(typeof latentSymbolRoute.POST).toBe('function');
  });
});

describe('bad latent links are a clear 400 or page, never a 500', () => {
  it('the image API answers 400 JSON for a changed, cut or foreign code, t or k beside one, and another model’s code', async () => {
    const code = CODE();
    const changed = code.slice(0, 50) + (code[50] === 'A' ? 'B' : 'A') + code.slice(51);
    const cases: [string, RegExp][] = [
      [`/api/symbol/z/${changed}.png`, /checksum/],
      [`/api/symbol/z/${code.slice(0, -3)}.png`, /273 characters.*276/],
      [`/api/symbol/z/${code}%25.png`, /“%”/],
      [`/api/symbol/z/${code}.gif`, /\.png or \.svg/],
      [`/api/symbol/z/${code}.png?t=0.5`, /leave out t and k/],
      [`/api/symbol/z/${code}.png?k=rune`, /leave out t and k/],
      [`/api/symbol/z/${code}.png?e=0:9`, /past ±3/],
      [`/api/symbol/z/${code}.png?e=banana`, /cannot be read/],
    ];
    for (const [url, why] of cases) {
      const res = await get(symbolImageResponse, url, true);
      expect([url, res.status]).toEqual([url, 400]);
      expect(await json(res)).toMatch(why);
    }
    // The tiny model has no styles and no sliders.
    const unconditional = encodeLatentCode({ latent: seedToLatent('x', 8), style: null });
    expect(await json(await get(symbolImageResponse, `/api/symbol/z/${code}.png`, true, tiny.dir))).toMatch(/for this model is \d+ characters; this one has 276/);
    const res = await get(symbolImageResponse, `/api/symbol/z/${unconditional}.png`, true, dir);
    expect(res.status).toBe(400);
    expect(await json(res)).toMatch(/for this model is 276 characters/);
    expect(await json(await get(symbolImageResponse, `/api/symbol/courage.png?e=0:1`, false, tiny.dir))).toMatch(/has no sliders/);
    expect((await get(symbolImageResponse, `/api/symbol/z/${code}.png?m=nope-1`, true)).status).toBe(404);
  });

  it('the page says why, and a bad ?e= is a notice over the symbol drawn without it', async () => {
    const code = CODE();
    for (const [segment, query, why] of [
      ['not-a-code', {}, /cut short/],
      [code.slice(0, -1), {}, /275 characters.*276/],
      [code, { m: 'nope-1' }, /nope-1/],
    ] as const) {
      const page = await latentPage(segment, query, { dir, draw: false });
      expect(page.ok).toBe(false);
      if (!page.ok) expect(page.message).toMatch(why);
    }
    const page = await latentPage(code, { e: '0:99' }, { dir });
    expect(page.ok && page.notice).toMatch(/past ±3.*shown without it/);
    expect(page.ok && page.edits).toBe('');
    const drawn = await latentPage(code, { e: '1:-1.5', m: 'cond-dev-32' }, { dir });
    expect(drawn.ok && drawn.firstPaint?.edits).toBe('1:-1.5');
    expect(drawn.ok && drawn.styleLabel).toBe('Signs and marks');
  });
});

describe('a seed page’s ?e=', () => {
  const svgPath = (svg: string) => /<path[^>]* d="([^"]+)"/.exec(svg)?.[1];

  it('is checked against the model the page draws with: the shift and the ?e= it stands for, or a notice and no shift', async () => {
    const valid = await pageEdits(model, '1:-1.5', dir);
    expect(valid).toMatchObject({ edits: '1:-1.5', notice: null });
    expect(valid.shift?.edits).toBe('1:-1.5');
    // Repeated, the first counts (as every other query parameter of a page).
    expect((await pageEdits(model, ['0:2', '1:-1.5'], dir)).edits).toBe('0:2');
    for (const absent of [undefined, '', null, 3]) expect(await pageEdits(model, absent, dir)).toEqual({ shift: null, edits: '', notice: null });
    for (const [e, why] of [
      ['0:99', /past ±3/],
      ['banana', /cannot be read/],
      ['1:1,0:1', /once, in order/],
      ['5:1', /this model has 3/],
    ] as const) {
      const refused = await pageEdits(model, e, dir);
      expect(refused.shift).toBeNull();
      expect(refused.edits).toBe('');
      expect(refused.notice).toMatch(why);
      expect(refused.notice).toMatch(/The symbol is shown without it\.$/);
    }
    // A model without sliders says so; no model at all (the page shows that error) looks at nothing.
    expect((await pageEdits(tiny.entry, '0:1', tiny.dir)).notice).toMatch(/has no sliders/);
    expect(await pageEdits(null, '0:99', dir)).toEqual({ shift: null, edits: '', notice: null });
  });

  it('the first paint is the adjusted symbol, the image API’s SVG for the same ?e=, and names its offsets', async () => {
    const index = (await readModelIndex(dir))!;
    const { shift } = await pageEdits(model, '0:2.5,2:-3', dir);
    const adjusted = await firstPaint(index, null, 'courage', { dir, shift });
    const plain = await firstPaint(index, null, 'courage', { dir });
    expect(adjusted?.edits).toBe('0:2.5,2:-3');
    expect(plain?.edits).toBeNull();
    expect(adjusted?.pathData).not.toBe(plain?.pathData);
    const api = await get(symbolImageResponse, '/api/symbol/courage.svg?e=0:2.5,2:-3', false);
    expect(api.status).toBe(200);
    expect(svgPath(await api.text())).toBe(adjusted!.pathData);
    expect(svgPath(await (await get(symbolImageResponse, '/api/symbol/courage.svg', false)).text())).toBe(plain!.pathData);
  });
});
