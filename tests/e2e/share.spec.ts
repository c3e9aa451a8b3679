/**
 * Issue 4 end to end, against `next build` + `next start`: the server's symbol is the browser's
 * symbol, share cards and metadata, the image API over real HTTP (bad input, methods, caching),
 * sitemap / robots / manifest / icons, and the site still working under its Content-Security-Policy.
 */
import path from 'node:path';

import { seedPath } from '../../lib/links';
import { expect, test, type Page } from '@playwright/test';
import { build } from 'esbuild';
import { PNG } from 'pngjs';

import { rasterizeOutlines } from '../../lib/render/raster';
import { SYMBOL_VIEWBOX } from '../../lib/render/symbol';
import { sampleSeeds } from '../../lib/seeds/sample-seeds';
import { pathDataOutlines } from '../support/path-data';
import { blockWebGL, drawnInBrowser, modelIndex, symbol, waitReady, WEBGL } from './helpers';
import { outlineIn } from './outline';

/** Collects CSP violations in the page (set before any script runs). */
const COLLECT_CSP_VIOLATIONS = () => {
  const w = window as unknown as { __cspViolations: string[] };
  w.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => w.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}:${e.columnNumber} ${e.sample}`));
};
const violations = (page: Page) => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);

/** The site's browser code path as one script (tests/e2e/fixtures/parity-entry.ts). */
async function parityBundle(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(process.cwd(), 'tests/e2e/fixtures/parity-entry.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  return result.outputFiles[0]!.text;
}

test('server and browser agree: for 50 seeds the API PNG matches the WebGL symbol on >= 99% of pixels', WEBGL, async ({ page, request }) => {
  test.setTimeout(300_000);
  const index = modelIndex();
  const model = index.models.find((m) => m.id === index.default)!;
  const size = model.resolution;
  const seeds = [...sampleSeeds().slice(0, 45), 'ⵣ amazigh', '🔥🜂', 'Ꙭ', '../', 'a/b? #c'];
  expect(new Set(seeds).size).toBe(50);
  /** An outline as the page shows it, at the model's resolution: ink where it covers at least half a pixel. */
  const outlineMask = (d: string) => Array.from(rasterizeOutlines(pathDataOutlines(d), size, size, { scale: size / SYMBOL_VIEWBOX }), (c) => (c >= 128 ? 1 : 0));
  /** Share of pixels where the server PNG at the model's resolution, binarized, equals `mask` (1 = ink). */
  const serverAgreement = async (seed: string, mask: ArrayLike<number>) => {
    const res = await request.get(`/api/symbol/${encodeURIComponent(seed)}.png?size=${size}&m=${model.id}`);
    expect(res.status(), seed).toBe(200);
    const png = PNG.sync.read(await res.body());
    expect(png.width).toBe(size);
    let same = 0;
    for (let p = 0; p < size * size; p++) if ((png.data[p * 4]! < 128 ? 1 : 0) === mask[p]) same++;
    return same / (size * size);
  };

  // 1. The page itself on WebGL (asked to draw in the browser, not to show the server's first paint): the outline it
  //    draws for the first seed, filled at the model's resolution.
  await page.goto(drawnInBrowser(seedPath(seeds[0]!)));
  await waitReady(page);
  await expect(symbol(page)).toHaveAttribute('data-backend', 'webgl');
  const pageOutline = (await outlineIn(symbol(page)))!;
  expect(await serverAgreement(seeds[0]!, outlineMask(pageOutline))).toBeGreaterThanOrEqual(0.99);

  // 2. The same browser code (lib/, bundled with esbuild), all 50 seeds in one WebGL forward pass, on
  //    a page of the site that runs no model of its own (TensorFlow.js keeps one engine per page).
  const bundle = await parityBundle();
  await page.route('**/__parity.js', (route) => route.fulfill({ body: bundle, contentType: 'text/javascript' }));
  await page.goto('/seeds');
  await page.addScriptTag({ url: '/__parity.js' });
  type Parity = { backend: string; symbols: { seed: string; pathData: string; mask: number[] }[] };
  const client = await page.evaluate(
    ([list, entry]) => (window as unknown as { __parity: (s: string[], m: unknown) => Promise<Parity> }).__parity(list, entry),
    [seeds, model] as const,
  );
  expect(client.backend).toBe('webgl');
  expect(client.symbols.map((s) => s.seed)).toEqual(seeds);

  // 3. Each client symbol as the page draws it (its outline, filled at the model's resolution) against
  //    the server's PNG: the issue's >= 99%. And the binarized, despeckled generator bitmap itself
  //    against the server's PNG, which also holds the shared trace to the bitmap (>= 98%, see below).
  let worst = 1;
  let worstBitmap = 1;
  let sameOutline = 0;
  for (const { seed, mask, pathData } of client.symbols) {
    const agreement = await serverAgreement(seed, outlineMask(pathData));
    worst = Math.min(worst, agreement);
    expect(agreement, `seed "${seed}"`).toBeGreaterThanOrEqual(0.99);
    const bitmap = await serverAgreement(seed, mask);
    worstBitmap = Math.min(worstBitmap, bitmap);
    // The trace smooths one-pixel bumps, so thin-stroke symbols lose a little: 98.66% at worst on the shipped
    // model's first 50 gallery seeds. Server-vs-browser agreement (above) is the 99%.
    expect(bitmap, `seed "${seed}" (generator bitmap)`).toBeGreaterThanOrEqual(0.98);
    const svg = await (await request.get(`/api/symbol/${encodeURIComponent(seed)}.svg?m=${model.id}`)).text();
    if (svg.includes(` d="${pathData}"`)) sameOutline++;
  }
  console.log(
    `server vs WebGL, ${seeds.length} seeds: worst pixel agreement ${(worst * 100).toFixed(2)}% (outline), ` +
      `${(worstBitmap * 100).toFixed(2)}% (generator bitmap); identical outlines ${sameOutline}/${seeds.length}`,
  );
});

test('a seed link has its own share card: title, description, 1200x630 image with alt text, summary_large_image', async ({ page, request }) => {
  const { default: modelId } = modelIndex();
  const seed = 'a sigil for courage';
  await page.goto(seedPath(seed, modelId));
  const meta = async (attr: 'property' | 'name', key: string) => page.locator(`meta[${attr}="${key}"]`).getAttribute('content');
  await expect(page).toHaveTitle(`“${seed}” · This Symbol Does Not Exist`);
  expect(await meta('name', 'description')).toContain(seed);
  expect(await meta('name', 'twitter:card')).toBe('summary_large_image');
  expect(await meta('property', 'og:image:alt')).toContain(`“${seed}”`);
  expect(await meta('property', 'og:image:width')).toBe('1200');
  const image = (await meta('property', 'og:image'))!;
  expect(image).toMatch(new RegExp(`/api/card/${encodeURIComponent(seed)}\\.png\\?m=${modelId}$`));
  expect(await meta('name', 'twitter:image')).toBe(image);

  const card = await request.get(new URL(image).pathname + new URL(image).search);
  expect(card.status()).toBe(200);
  expect(card.headers()['content-type']).toBe('image/png');
  expect(card.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  const png = PNG.sync.read(await card.body());
  expect([png.width, png.height]).toEqual([1200, 630]);
});

test('the image API over HTTP: formats, caching and 304, and clear 4xx JSON for every bad input', async ({ request }) => {
  const { default: modelId } = modelIndex();
  const ok = await request.get(`/api/symbol/courage.png?m=${modelId}`);
  expect(ok.status()).toBe(200);
  expect(ok.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  expect(ok.headers()['x-content-type-options']).toBe('nosniff');
  expect(PNG.sync.read(await ok.body()).width).toBe(512);
  const etag = ok.headers()['etag']!;
  expect((await request.get(`/api/symbol/courage.png?m=${modelId}`, { headers: { 'If-None-Match': etag } })).status()).toBe(304);
  const head = await request.head('/api/symbol/courage.png?size=64');
  expect(head.status()).toBe(200);
  expect(head.headers()['cache-control']).toBe('public, max-age=300');
  const svg = await request.get('/api/symbol/courage.svg');
  expect(svg.headers()['content-type']).toMatch(/^image\/svg\+xml/);
  expect(await svg.text()).toMatch(/<path fill="#000" fill-rule="evenodd" d="M/);

  const bad: [string, number, RegExp][] = [
    [`/api/symbol/${'x'.repeat(10_000)}.png`, 400, /the most is 64/],
    ['/api/symbol/abc%00def.png', 400, /control character/],
    ['/api/symbol/%ZZ.png', 400, /percent-encoded/],
    ['/api/symbol/%C0%AF.png', 400, /percent-encoded/],
    ['/api/symbol/%20.png', 400, /empty/],
    ['/api/symbol/courage.gif', 400, /\.png or \.svg/],
    ['/api/symbol/courage.png?size=4096', 400, /size/],
    ['/api/symbol/courage.png?size=big', 400, /size/],
    ['/api/symbol/courage.png?m=no-such-model-1', 404, /There is no model/],
    ['/api/symbol/courage.png?m=..%2F..%2Fpackage.json', 404, /There is no model/],
    ['/api/card/courage.png?m=..%2Findex', 404, /There is no model/],
  ];
  for (const [url, status, message] of bad) {
    const res = await request.get(url);
    expect(res.status(), url.slice(0, 60)).toBe(status);
    expect(res.headers()['content-type']).toMatch(/application\/json/);
    expect((await res.json()).error).toMatch(message);
  }
  // (A literal ../ is resolved away by any HTTP client; encoded, it is just a seed.)
  for (const seed of ['..%2F', '..%2F..%2Fetc%2Fpasswd', '%F0%9F%94%A5', '%E2%80%AE']) {
    expect((await request.get(`/api/symbol/${seed}.svg`)).status(), seed).toBe(200);
  }
  // (TRACE, which Next cannot turn into a Fetch Request, is answered 405 before it: lib/server/forbidden-methods, checked
  // by tests/unit/request-guard.test.ts and the fuzz, tests/e2e/fuzz.spec.ts.)
  for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'PROPFIND']) {
    const res = await request.fetch('/api/symbol/courage.png', { method });
    expect(res.status(), method).toBe(405);
    expect(res.headers()['allow']).toBe('GET, HEAD');
  }
});

test('sitemap, robots, manifest, generated icons and the sample seeds page', async ({ page, request }) => {
  const sitemap = await (await request.get('/sitemap.xml')).text();
  for (const path of ['/', '/gallery', '/seeds', seedPath('a sigil for courage')]) expect(sitemap).toContain(`${path}</loc>`);
  expect(sitemap.match(/\/s\//g)?.length).toBe(100);
  expect(await (await request.get('/robots.txt')).text()).toMatch(/Allow: \/[\s\S]*Sitemap: http.*\/sitemap\.xml/);

  const manifest = await (await request.get('/manifest.webmanifest')).json();
  expect(manifest.name).toBe('This Symbol Does Not Exist');
  for (const icon of [...manifest.icons, { src: '/favicon.ico', sizes: '32x32' }, { src: '/apple-icon', sizes: '180x180' }]) {
    const res = await request.get(icon.src);
    expect(res.status(), icon.src).toBe(200);
    const png = PNG.sync.read(await res.body());
    expect(`${png.width}x${png.height}`).toBe(icon.sizes);
  }

  await page.goto('/seeds');
  const links = page.getByTestId('sample-seeds').getByRole('link');
  await expect(links).toHaveCount(100);
  const first = links.first();
  await expect(first).toHaveAttribute('href', seedPath('a sigil for courage'));
  await expect.poll(() => first.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
});

test('under the Content-Security-Policy the site still works: the server’s first paint, WebGL, the wasm fallback, downloads', WEBGL, async ({ browser }) => {
  for (const withoutWebGL of [false, true]) {
    const context = await browser.newContext();
    await context.addInitScript(COLLECT_CSP_VIOLATIONS);
    if (withoutWebGL) await blockWebGL(context);
    const page = await context.newPage();
    const response = await page.goto('/s/courage');
    const csp = response!.headers()['content-security-policy']!;
    expect(csp).toContain("'wasm-unsafe-eval'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("'unsafe-eval'");
    expect(response!.headers()['x-content-type-options']).toBe('nosniff');
    expect(response!.headers()['referrer-policy']).toBeTruthy();
    // Downloads of the server's symbol (its PNG is the image API's), then of one the browser drew (Another).
    await waitReady(page);
    await expect(symbol(page)).toHaveAttribute('data-backend', 'server');
    for (const drawnBy of ['server', withoutWebGL ? 'wasm' : 'webgl']) {
      if (drawnBy !== 'server') {
        await page.getByRole('button', { name: 'Another' }).click();
        await expect(symbol(page)).toHaveAttribute('data-backend', drawnBy);
      }
      for (const name of [/^PNG/, /^SVG/]) {
        const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
        expect((await download.createReadStream()) !== null, `${name} of a symbol drawn by ${drawnBy}`).toBe(true);
      }
    }
    expect(await violations(page)).toEqual([]);
    await context.close();
  }
});
