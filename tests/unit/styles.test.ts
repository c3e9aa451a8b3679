/**
 * A chosen style (?k=) end to end on the conditional development model (tests/fixtures/models/cond-dev-32): the
 * browser code path, the server generator and the image API draw the same symbol for a seed in a chosen style, two
 * styles give two symbols and one style twice the same pixels; unknown styles are a 400; morphs and the gallery
 * draw in the chosen styles. Without k, nothing changes: the seed picks its style as before.
 */
import { rm } from 'node:fs/promises';

import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { GalleryPager } from '@/lib/gallery/pager';
import { galleryPageSeeds } from '@/lib/gallery/sequence';
import { load, type SymbolGenerator } from '@/lib/model/generator';
import type { ModelEntry } from '@/lib/model/model-folder';
import { MorphLeg } from '@/lib/morph/leg';
import { MorphSession } from '@/lib/morph/session';
import { renderSeeds, symbolSvg } from '@/lib/render/symbol';
import { styleIndexForSeed, styleOneHot } from '@/lib/seeds/style';
import { SymbolServer } from '@/lib/server/generator';
import { cardImageResponse, symbolImageResponse } from '@/lib/server/image-api';
import { fileModelSource } from '@/lib/server/model-files';

import { FIXTURE_MODELS_DIR, fixtureModel } from './helpers/fixture-models';
import { tinyModelsDir } from './helpers/tiny-model';

let model: ModelEntry;
let gen: SymbolGenerator;
let count: number;
const server = new SymbolServer();
let tiny: { dir: string; entry: ModelEntry };
beforeAll(async () => {
  model = await fixtureModel();
  gen = await load({ model, source: fileModelSource(FIXTURE_MODELS_DIR), backends: ['cpu'] });
  count = model.styles!.length;
  tiny = await tinyModelsDir();
});
afterAll(async () => {
  gen.dispose();
  server.dispose();
  await rm(tiny.dir, { recursive: true, force: true });
});

// 'courage' is the seed's own style 1 (astrological) among 9; 'rune' and 'seal' are two other styles.
const SEED = 'courage';

const api = (file: string, query = '', dir = FIXTURE_MODELS_DIR, headers: Record<string, string> = {}) =>
  symbolImageResponse(new Request(`http://localhost/api/symbol/${encodeURIComponent(file)}${query}`, { headers }), file, { dir });

async function pixels(res: Response): Promise<Buffer> {
  expect(res.status).toBe(200);
  return PNG.sync.read(Buffer.from(await res.arrayBuffer())).data;
}

async function errorOf(res: Response): Promise<string> {
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  return ((await res.json()) as { error: string }).error;
}

describe('a symbol in a chosen style', () => {
  it('is drawn with the chosen one-hot after the seed’s latent, and says which style it is in', async () => {
    const seen: (readonly Float32Array[] | undefined)[] = [];
    const spy: SymbolGenerator = { ...gen, generate: (latents, styles) => (seen.push(styles), gen.generate(latents, styles)) };
    const [own] = await renderSeeds(spy, [SEED]);
    const [rune] = await renderSeeds(spy, [SEED], { style: 'rune' });
    expect(seen[0]![0]).toEqual(styleOneHot(styleIndexForSeed(SEED, count), count));
    expect(seen[1]![0]).toEqual(styleOneHot(model.styles!.findIndex((s) => s.id === 'rune'), count));
    expect([own!.style, own!.chosenStyle]).toEqual([model.styles![styleIndexForSeed(SEED, count)]!.id, null]);
    expect([rune!.style, rune!.chosenStyle]).toEqual(['rune', 'rune']);
  });

  it('differs between two styles, is the same twice, and choosing the seed’s own style draws the plain seed link', async () => {
    const [rune, seal, runeAgain] = [
      ...(await renderSeeds(gen, [SEED], { style: 'rune' })),
      ...(await renderSeeds(gen, [SEED], { style: 'seal' })),
      ...(await renderSeeds(gen, [SEED], { style: 'rune' })),
    ];
    expect(rune!.pathData).not.toBe(seal!.pathData);
    expect(runeAgain!.pathData).toBe(rune!.pathData);
    const [plain] = await renderSeeds(gen, [SEED]);
    const [ownChosen] = await renderSeeds(gen, [SEED], { style: plain!.style });
    expect(ownChosen!.pathData).toBe(plain!.pathData);
  });

  it('refuses a style the model does not have, and any style on a model without styles', async () => {
    await expect(renderSeeds(gen, [SEED], { style: 'runes' })).rejects.toThrow(/There is no style "runes" in the model "cond-dev-32"/);
    const plain = await load({ model: tiny.entry, source: fileModelSource(tiny.dir), backends: ['cpu'] });
    try {
      await expect(renderSeeds(plain, [SEED], { style: 'rune' })).rejects.toThrow(/draws no styles/);
      expect((await renderSeeds(plain, [SEED]))[0]!.style).toBeNull();
    } finally {
      plain.dispose();
    }
  });

  it('is the same on the server (never batched with another style) as in the browser code path', async () => {
    const [rune, seal, own] = await Promise.all([
      server.render(model, SEED, FIXTURE_MODELS_DIR, 1, 'rune'),
      server.render(model, SEED, FIXTURE_MODELS_DIR, 1, 'seal'),
      server.render(model, SEED, FIXTURE_MODELS_DIR),
    ]);
    const [browserRune] = await renderSeeds(gen, [SEED], { style: 'rune' });
    const [browserSeal] = await renderSeeds(gen, [SEED], { style: 'seal' });
    const [browserOwn] = await renderSeeds(gen, [SEED]);
    expect([rune.pathData, seal.pathData, own.pathData]).toEqual([browserRune!.pathData, browserSeal!.pathData, browserOwn!.pathData]);
    expect([rune.chosenStyle, seal.chosenStyle, own.chosenStyle]).toEqual(['rune', 'seal', null]);
  });
});

describe('the image API and share cards honour ?k=', () => {
  it('draws different pixels for two styles and the same pixels twice', async () => {
    const rune = await pixels(await api(`${SEED}.png`, '?k=rune&size=64'));
    const seal = await pixels(await api(`${SEED}.png`, '?k=seal&size=64'));
    const runeAgain = await pixels(await api(`${SEED}.png`, '?k=rune&size=64'));
    expect(rune.equals(seal)).toBe(false);
    expect(rune.equals(runeAgain)).toBe(true);
  });

  it('its SVG is the browser’s symbol in that style; the file name and the ETag name the style, and without k nothing changes', async () => {
    const [browser] = await renderSeeds(gen, [SEED], { style: 'rune' });
    const res = await api(`${SEED}.svg`, `?m=${model.id}&k=rune`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(symbolSvg(browser!));
    expect(res.headers.get('content-disposition')).toBe(`inline; filename="symbol-courage-${model.id}-rune.svg"`);
    const plain = await api(`${SEED}.svg`, `?m=${model.id}`);
    expect(plain.headers.get('content-disposition')).toBe(`inline; filename="symbol-courage-${model.id}.svg"`);
    const [own] = await renderSeeds(gen, [SEED]);
    expect(await plain.text()).toBe(symbolSvg(own!));
    const etags = new Set([res, plain, await api(`${SEED}.svg`, `?m=${model.id}&k=seal`)].map((r) => r.headers.get('etag')));
    expect(etags.size).toBe(3);
    // Revalidation by ETag knows the style too.
    const revalidated = await api(`${SEED}.svg`, `?m=${model.id}&k=rune`, FIXTURE_MODELS_DIR, { 'If-None-Match': res.headers.get('etag')! });
    expect(revalidated.status).toBe(304);
  });

  it('answers an unknown style with 400 JSON naming the model’s styles, before drawing anything', async () => {
    for (const k of ['runes', 'RUNE', '%00', 'x'.repeat(300)]) {
      const res = await api(`${SEED}.png`, `?k=${encodeURIComponent(k)}`);
      expect(res.status, k.slice(0, 10)).toBe(400);
      expect(await errorOf(res)).toMatch(/^There is no style ".+" in the model "cond-dev-32"\. Its styles: alchemical, astrological, rune,/);
    }
  });

  it('answers k for a model without styles with 400 (a page would leave it out with a notice)', async () => {
    const res = await api(`${SEED}.png`, '?k=rune', tiny.dir);
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatch(/draws no styles.*Leave out k/);
    expect((await api(`${SEED}.png`, '', tiny.dir)).status).toBe(200);
  });

  it('gives the share card the chosen style, and 400 for an unknown one', async () => {
    const card = (query: string) => cardImageResponse(new Request(`http://localhost/api/card/courage.png${query}`), 'courage.png', { dir: FIXTURE_MODELS_DIR });
    const rune = await pixels(await card('?k=rune'));
    const seal = await pixels(await card('?k=seal'));
    expect(rune.equals(seal)).toBe(false);
    const bad = await card('?k=nope');
    expect(bad.status).toBe(400);
    expect(await errorOf(bad)).toMatch(/There is no style "nope"/);
  }, 120_000);
});

describe('morphs between chosen styles', () => {
  it('run from seed A in style A to seed B in style B, blending the one-hots', async () => {
    const leg = new MorphLeg('alpha', 'gamma', 1, model, 4, ['rune', 'seal']);
    expect(leg.styleIds).toEqual(['rune', 'seal']);
    await leg.fill(gen, { batch: 4, firstBatch: 4 });
    const [a] = await renderSeeds(gen, ['alpha'], { style: 'rune' });
    const [b] = await renderSeeds(gen, ['gamma'], { style: 'seal' });
    expect([leg.paths[0], leg.paths[3]]).toEqual([a!.pathData, b!.pathData]);
    // One chosen end: the other end keeps its seed's own style.
    const half = new MorphLeg('alpha', 'gamma', 1, model, 4, [null, 'seal']);
    expect(half.styleIds).toEqual([model.styles![styleIndexForSeed('alpha', count)]!.id, 'seal']);
    expect(() => new MorphLeg('alpha', 'gamma', 1, model, 4, ['nope', null])).toThrow(/There is no style "nope"/);
    expect(() => new MorphLeg('alpha', 'gamma', 1, { id: 'plain-16-20260101', latentSize: 8 }, 4, ['rune', null])).toThrow(/draws no styles/);
  });

  it('a session changes the styles from the frame on screen, and going on keeps B’s chosen style', () => {
    let n = 0;
    const session = new MorphSession({ seedA: 'alpha', seedB: 'gamma', psi: 1, model, frames: 4, styles: ['rune', 'seal'], nextSeed: () => `next ${++n}` });
    expect(session.current.leg.chosenStyles).toEqual(['rune', 'seal']);
    session.setStyles(['chaos', 'chaos']);
    expect(session.current.leg.chosenStyles).toEqual(['chaos', 'chaos']);
    expect(session.current.announcement).toBe('Styles: chaos into chaos.');
    session.setStyles([null, 'kamea']);
    session.chain();
    expect(session.current.leg.seedA).toBe('gamma');
    expect(session.current.leg.chosenStyles).toEqual(['kamea', 'kamea']);
    session.setPsi(0.5);
    expect(session.current.leg.chosenStyles).toEqual(['kamea', 'kamea']);
  });
});

describe('the gallery in one style', () => {
  it('draws every tile of a page in the chosen style, and redraws when the style changes', async () => {
    const pager = new GalleryPager({ startPage: 1, psi: 1, style: 'rune' });
    const done = () =>
      new Promise<void>((resolve) => {
        const stop = pager.subscribe(() => {
          if (pager.current.outlines.has(1)) {
            stop();
            resolve();
          }
        });
      });
    pager.setKept(1, true);
    pager.setNear(1, true);
    const drawn = done();
    pager.setGenerator(gen);
    await drawn;
    const seeds = galleryPageSeeds(1);
    const want = await renderSeeds(gen, seeds, { style: 'rune' });
    expect(pager.current.outlines.get(1)).toEqual(want.map((s) => s.pathData));

    const redrawn = done();
    pager.setStyle(null);
    expect(pager.current).toMatchObject({ style: null });
    expect(pager.current.outlines.size).toBe(0);
    await redrawn;
    expect(pager.current.outlines.get(1)).toEqual((await renderSeeds(gen, seeds)).map((s) => s.pathData));
    pager.setGenerator(null);
  });
});
