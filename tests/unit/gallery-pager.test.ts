/** The gallery pager: which pages are drawn, in which order, and which give their outlines back, driven without a browser. */
import { describe, expect, it } from 'vitest';

import { GalleryPager, type GalleryState } from '@/lib/gallery/pager';
import { GALLERY_MAX_PAGE, GALLERY_PAGE_SIZE, galleryPageSeeds } from '@/lib/gallery/sequence';
import type { SymbolGenerator } from '@/lib/model/generator';
import { truncate } from '@/lib/seeds/latent';
import { seedToLatent } from '@/lib/seeds/seed';

const LATENT = 4;
const RES = 8;

/** A generator whose forward passes wait for the test: each pass is recorded with the page it draws, and finished by hand. */
function manualGenerator() {
  const passes: { page: number; latents: readonly Float32Array[]; finish: () => void; fail: (e: Error) => void }[] = [];
  // The page whose first seed's latent, truncated by some psi, is `z`.
  const pageOf = (z: Float32Array) => {
    for (let page = 1; page <= 20; page++) {
      const v = seedToLatent(galleryPageSeeds(page)[0]!, LATENT);
      const psi = z[0]! / v[0]!;
      if (psi > 0 && v.every((x, i) => Math.abs(z[i]! - psi * x) < 1e-5)) return page;
    }
    return -1;
  };
  const generator: SymbolGenerator = {
    model: { id: 'manual-8-20260101', resolution: RES, latentSize: LATENT, sha256: '0'.repeat(64), bytes: 0 },
    backend: 'cpu',
    fromCache: false,
    generate: (latents) =>
      new Promise((resolve, reject) => {
        // A blank field (no ink) for every latent: the pager only cares which page was drawn.
        passes.push({ page: pageOf(latents[0]!), latents, finish: () => resolve(latents.map(() => new Float32Array(RES * RES).fill(1))), fail: reject });
      }),
    critique: () => Promise.reject(new Error('This model has no critic.')),
    dispose: () => undefined,
  };
  return { generator, passes };
}

/** Lets finished passes reach the pager (their promise chains run in microtasks). */
const settle = () => new Promise((r) => setTimeout(r, 0));

function drawn(state: GalleryState): number[] {
  return [...state.outlines.keys()].sort((a, b) => a - b);
}

/** Pages `pages` are near the viewport (and so within keeping distance too). */
function bringNear(pager: GalleryPager, ...pages: number[]): void {
  for (const p of pages) {
    pager.setKept(p, true);
    pager.setNear(p, true);
  }
}

describe('GalleryPager', () => {
  it('counts live tensors right after each pass lands, before the next pass starts (the leak check reads it)', async () => {
    const { generator, passes } = manualGenerator();
    // A stand-in count that tells when it was taken: 100 per pass started so far.
    const pager = new GalleryPager({ startPage: 1, psi: 1, countTensors: () => passes.length * 100 });
    expect(pager.current.tensors).toBeNull();
    bringNear(pager, 1, 2);
    pager.setGenerator(generator);
    passes[0]!.finish();
    await settle();
    expect(passes).toHaveLength(2); // the next pass has started since...
    expect(pager.current.tensors).toBe(100); // ...but the count was taken when the first landed
  });

  it('lists the start page and the next, and one more page each time the end comes near, up to the last page', () => {
    const pager = new GalleryPager({ startPage: 3, psi: 1 });
    expect(pager.current).toMatchObject({ firstPage: 3, lastPage: 4, currentPage: 3, batches: 0 });
    pager.more();
    expect(pager.current.lastPage).toBe(5);
    const end = new GalleryPager({ startPage: GALLERY_MAX_PAGE, psi: 1 });
    expect(end.current.lastPage).toBe(GALLERY_MAX_PAGE);
    end.more();
    expect(end.current.lastPage).toBe(GALLERY_MAX_PAGE);
  });

  it('draws near pages one forward pass at a time, the one nearest the page in view first', async () => {
    const { generator, passes } = manualGenerator();
    const pager = new GalleryPager({ startPage: 1, psi: 1 });
    bringNear(pager, 2, 3, 4, 5, 6);
    pager.setCurrentPage(4);
    pager.setGenerator(generator);
    const order: number[] = [];
    for (let i = 0; i < 5; i++) {
      expect(passes).toHaveLength(i + 1);
      order.push(passes[i]!.page);
      expect(passes[i]!.latents).toHaveLength(GALLERY_PAGE_SIZE);
      passes[i]!.finish();
      await settle();
    }
    expect(order).toEqual([4, 3, 5, 2, 6]);
    expect(drawn(pager.current)).toEqual([2, 3, 4, 5, 6]);
    expect(pager.current.outlines.get(4)).toHaveLength(GALLERY_PAGE_SIZE);
    expect(pager.current.batches).toBe(5);
    expect(pager.current.lastBatchMs).not.toBeNull();
    expect(passes).toHaveLength(5);
  });

  it('draws nothing that is not near, and gives outlines back when a page goes far away', async () => {
    const { generator, passes } = manualGenerator();
    const pager = new GalleryPager({ startPage: 1, psi: 1 });
    pager.setGenerator(generator);
    expect(passes).toHaveLength(0);
    bringNear(pager, 1);
    passes[0]!.finish();
    await settle();
    expect(drawn(pager.current)).toEqual([1]);
    pager.setNear(1, false);
    expect(drawn(pager.current)).toEqual([1]); // still within keeping distance
    pager.setKept(1, false);
    expect(drawn(pager.current)).toEqual([]);
    expect(passes).toHaveLength(1);
  });

  it('drops a page drawn while it went far away', async () => {
    const { generator, passes } = manualGenerator();
    const pager = new GalleryPager({ startPage: 1, psi: 1 });
    pager.setGenerator(generator);
    bringNear(pager, 2);
    pager.setNear(2, false);
    pager.setKept(2, false);
    passes[0]!.finish();
    await settle();
    expect(drawn(pager.current)).toEqual([]);
    expect(pager.current.batches).toBe(1);
  });

  it('redraws every page at a new strangeness, dropping a pass made at the old one', async () => {
    const { generator, passes } = manualGenerator();
    const pager = new GalleryPager({ startPage: 1, psi: 1 });
    pager.setGenerator(generator);
    bringNear(pager, 1, 2);
    passes[0]!.finish();
    await settle();
    expect(drawn(pager.current)).toEqual([1]);
    pager.setPsi(0.5);
    expect(pager.current).toMatchObject({ psi: 0.5 });
    expect(drawn(pager.current)).toEqual([]);
    passes[1]!.finish(); // page 2, drawn at psi 1
    await settle();
    expect(drawn(pager.current)).toEqual([]);
    const seed = galleryPageSeeds(passes[2]!.page)[0]!;
    expect(passes[2]!.latents[0]).toEqual(truncate(seedToLatent(seed, LATENT), 0.5));
  });

  it('stops at an error until Retry', async () => {
    const { generator, passes } = manualGenerator();
    const pager = new GalleryPager({ startPage: 1, psi: 1 });
    pager.setGenerator(generator);
    bringNear(pager, 1, 2);
    passes[0]!.fail(new Error('out of memory'));
    await settle();
    expect(pager.current.error).toBe('out of memory');
    expect(passes).toHaveLength(1);
    pager.retry();
    expect(pager.current.error).toBeNull();
    expect(passes).toHaveLength(2);
  });

  it('starts no pass without a generator; a pass already running still lands', async () => {
    const { generator, passes } = manualGenerator();
    const pager = new GalleryPager({ startPage: 1, psi: 1 });
    bringNear(pager, 1, 2);
    pager.setGenerator(generator);
    pager.setGenerator(null);
    passes[0]!.finish();
    await settle();
    expect(drawn(pager.current)).toHaveLength(1);
    expect(passes).toHaveLength(1);
  });

  it('tells subscribers about every change, with a new state object each time', () => {
    const pager = new GalleryPager({ startPage: 1, psi: 1 });
    const seen: GalleryState[] = [];
    const stop = pager.subscribe(() => seen.push(pager.current));
    pager.setCurrentPage(2);
    pager.setCurrentPage(2);
    pager.more();
    stop();
    pager.more();
    expect(seen.map((s) => [s.currentPage, s.lastPage])).toEqual([
      [2, 2],
      [2, 3],
    ]);
    expect(seen[0]).not.toBe(seen[1]);
  });

  it("starts from the server's drawing of the start page: shown at once, never drawn again while kept, the next page drawn first", async () => {
    const { generator, passes } = manualGenerator();
    const server = galleryPageSeeds(3).map((seed) => `M0 0L${seed.length} 0Z`);
    const pager = new GalleryPager({ startPage: 3, psi: 0.7, firstPage: server });
    expect(pager.current.outlines.get(3)).toBe(server);
    pager.setGenerator(generator);
    bringNear(pager, 3, 4);
    expect(passes.map((p) => p.page)).toEqual([4]);
    passes[0]!.finish();
    await settle();
    expect(drawn(pager.current)).toEqual([3, 4]);
    expect(pager.current.outlines.get(3)).toBe(server);
    expect(pager.current.batches).toBe(1);

    // Far away, it gives its outlines back like any page, and coming near again the browser draws it.
    pager.setNear(3, false);
    pager.setKept(3, false);
    expect(drawn(pager.current)).toEqual([4]);
    bringNear(pager, 3);
    expect(passes.map((p) => p.page)).toEqual([4, 3]);
  });

  it("redraws the server's start page in the browser when the strangeness changes", async () => {
    const { generator, passes } = manualGenerator();
    const pager = new GalleryPager({ startPage: 1, psi: 1, firstPage: galleryPageSeeds(1).map(() => '') });
    pager.setGenerator(generator);
    bringNear(pager, 1);
    expect(passes).toHaveLength(0);
    pager.setPsi(0.5);
    expect(drawn(pager.current)).toEqual([]);
    expect(passes.map((p) => p.page)).toEqual([1]);
  });
});
