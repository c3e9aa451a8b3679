/**
 * Issue 12, the first symbol without waiting, end to end: the server draws the seed's symbol into the page's HTML (the
 * image API's own outline, there before any script runs, and the browser's drawing of it to the pixel); the homepage
 * draws a new one per request; Another pushes the new seed's link and Back returns to the symbol before, on the
 * homepage and on seed pages; `?` opens the keyboard shortcuts; model files and the tfjs wasm binaries are immutable.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { expect, test, type Page } from '@playwright/test';

import { seedPath } from '../../lib/links';
import { drawnInBrowser, inkShare, modelIndex, pixelAgreement, symbol, symbolPixels, waitReady, WEBGL } from './helpers';
import { outlineIn, outlinesInHtml } from './outline';

const SEED = 'a sigil for courage';
const IMMUTABLE = 'public, max-age=31536000, immutable';
const WASM_VERSION: string = JSON.parse(readFileSync(path.join(process.cwd(), 'node_modules/@tensorflow/tfjs-backend-wasm/package.json'), 'utf8')).version;

/**
 * The symbol element of a page's HTML as the server sent it: its attributes, its <img> tag (the symbol is an image, so
 * that it can be the page's largest paint) and the path data in the image.
 */
function symbolInHtml(html: string): { attributes: string; img: string; d: string | null } {
  const figure = /<figure([^>]*data-testid="symbol"[^>]*)>([\s\S]*?)<\/figure>/.exec(html);
  expect(figure, 'the symbol element is in the HTML').not.toBeNull();
  const img = /<img[^>]*>/.exec(figure![2]!)?.[0] ?? '';
  return { attributes: figure![1]!, img, d: outlinesInHtml(figure![2]!)[0] ?? null };
}

/** The page's address is `path` (a path and query on this site). */
const at = (path: string) => (url: URL) => `${url.pathname}${url.search}` === path;

/** Another (Space), until the new symbol is drawn; returns its seed. */
async function another(page: Page): Promise<string> {
  const before = (await symbol(page).getAttribute('data-seed'))!;
  await page.locator('body').press('Space');
  await expect(symbol(page)).not.toHaveAttribute('data-seed', before);
  await waitReady(page);
  return (await symbol(page).getAttribute('data-seed'))!;
}

test('a seed page carries its symbol in the HTML: the image API’s outline, shown with scripts off', async ({ request, browser }) => {
  const { default: modelId } = modelIndex();
  const response = await request.get(seedPath(SEED));
  expect(response.status()).toBe(200);
  const html = await response.text();
  const shown = symbolInHtml(html);
  expect(shown.attributes).toContain(`data-seed="${SEED}"`);
  // The page's own description is in <head> for every visitor, where search engines and Lighthouse look for it.
  const head = html.slice(0, html.indexOf('</head>'));
  expect(head).toMatch(/<meta name="description" content="The magic symbol for “a sigil for courage”/);
  expect(shown.attributes).toContain('data-state="ready"');
  expect(shown.attributes).toContain('data-backend="server"');
  expect(shown.d).toMatch(/^M[\d.]+ [\d.]+/);
  // An image with its size in the HTML, so that it is laid out before any stylesheet and counts as the largest paint.
  expect(shown.img).toMatch(/ width="\d+"/);
  expect(shown.img).toMatch(/ height="\d+"/);
  expect(shown.img).toContain(`alt="Symbol generated from the seed “${SEED}”"`);
  const svg = await (await request.get(`/api/symbol/${encodeURIComponent(SEED)}.svg?m=${modelId}`)).text();
  expect(shown.d).toBe(/ d="([^"]*)"/.exec(svg)?.[1]);

  // Before any script runs means without any: the plate shows the ink all the same.
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(seedPath(SEED));
  await expect(page.getByRole('img', { name: `Symbol generated from the seed “${SEED}”` })).toBeVisible();
  expect(inkShare(await symbolPixels(page))).toBeGreaterThan(0.001);
  await context.close();
});

test('the server’s first paint is the browser’s symbol, and the browser does not draw it again', WEBGL, async ({ browser }) => {
  test.setTimeout(300_000);
  const load = async (url: string) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(url);
    await waitReady(page);
    return { context, page, backend: await symbol(page).getAttribute('data-backend'), pixels: await symbolPixels(page) };
  };
  const server = await load(seedPath(SEED));
  const client = await load(drawnInBrowser(seedPath(SEED)));
  expect(server.backend).toBe('server');
  expect(client.backend).toBe('webgl');
  const agreement = pixelAgreement(server.pixels, client.pixels);
  console.log(`first paint (server) vs WebGL: ${(agreement * 100).toFixed(3)}% of pixels agree`);
  expect(agreement).toBeGreaterThanOrEqual(0.99);
  await client.context.close();

  // The generator starts once the page is idle (the worker fetches the model) and leaves the first paint alone.
  const { page } = server;
  const d = await outlineIn(symbol(page));
  const worker = page.workers()[0] ?? (await page.waitForEvent('worker'));
  const fetched = () => worker.evaluate(() => performance.getEntriesByType('resource').map((entry) => entry.name));
  await expect.poll(async () => (await fetched()).some((url) => url.endsWith('/model.json')), { timeout: 120_000 }).toBe(true);
  await page.waitForTimeout(2_000);
  await expect(symbol(page)).toHaveAttribute('data-backend', 'server');
  await expect(symbol(page)).not.toHaveAttribute('data-generate-ms', /./);
  expect(await outlineIn(symbol(page))).toBe(d);
  await server.context.close();
});

test('the homepage draws a new symbol per request into its HTML, and is never cached as one page for all', async ({ request }) => {
  const seeds = new Set<string>();
  for (let i = 0; i < 3; i++) {
    const response = await request.get('/');
    expect(response.headers()['cache-control']).toMatch(/no-store|private/);
    const shown = symbolInHtml(await response.text());
    expect(shown.attributes).toContain('data-backend="server"');
    expect(shown.d).toMatch(/^M/);
    seeds.add(/data-seed="([^"]*)"/.exec(shown.attributes)![1]!);
  }
  expect(seeds.size).toBeGreaterThan(1);
});

test('seed page: Another pushes the new seed’s link; Back and Forward walk through the symbols seen', async ({ page }) => {
  await page.goto(seedPath(SEED));
  await waitReady(page);
  const d = await outlineIn(symbol(page));
  const second = await another(page);
  await expect(page).toHaveURL(at(seedPath(second)));
  const third = await another(page);
  await expect(page).toHaveURL(at(seedPath(third)));

  await page.goBack();
  await expect(page).toHaveURL(at(seedPath(second)));
  await expect(symbol(page)).toHaveAttribute('data-seed', second);
  await waitReady(page);
  await expect(page.getByTestId('seed-text')).toHaveText(second);

  await page.goBack();
  await expect(page).toHaveURL(at(seedPath(SEED)));
  await expect(symbol(page)).toHaveAttribute('data-seed', SEED);
  // The first symbol again: the server's drawing, shown as it was.
  await expect(symbol(page)).toHaveAttribute('data-backend', 'server');
  expect(await outlineIn(symbol(page))).toBe(d);

  await page.goForward();
  await expect(page).toHaveURL(at(seedPath(second)));
  await expect(symbol(page)).toHaveAttribute('data-seed', second);
  await waitReady(page);
});

test('homepage: Another goes to the new seed’s link and Back returns to the homepage’s symbol', async ({ page }) => {
  await page.goto('/');
  await waitReady(page);
  const first = (await symbol(page).getAttribute('data-seed'))!;
  const second = await another(page);
  await expect(page).toHaveURL(at(seedPath(second)));
  await page.goBack();
  await expect(page).toHaveURL((url) => url.pathname === '/');
  await expect(symbol(page)).toHaveAttribute('data-seed', first);
  await expect(symbol(page)).toHaveAttribute('data-backend', 'server');
  await page.goForward();
  await expect(symbol(page)).toHaveAttribute('data-seed', second);
});

test('? opens the keyboard shortcuts; Escape closes them', async ({ page }) => {
  await page.goto(seedPath(SEED));
  await waitReady(page);
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeHidden();
  await page.locator('body').press('?');
  await expect(help).toBeVisible();
  await expect(help).toContainText('Another symbol');
  await expect(help).toContainText('Play or pause');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  // The symbol behind it did not change, and the footer's button opens it too.
  await expect(symbol(page)).toHaveAttribute('data-seed', SEED);
  await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
  await expect(help).toBeVisible();
  await help.getByRole('button', { name: 'Close' }).click();
  await expect(help).toBeHidden();
});

test('model files and the tfjs wasm binaries are immutable; index.json is kept briefly', async ({ request }) => {
  const { default: id } = modelIndex();
  for (const file of ['model.json', 'group1-shard1of1.bin', 'golden.json']) {
    const response = await request.get(`/models/${id}/${file}`);
    expect(response.status(), file).toBe(200);
    expect(response.headers()['cache-control'], file).toBe(IMMUTABLE);
  }
  const index = await request.get('/models/index.json');
  expect(index.status()).toBe(200);
  expect(index.headers()['cache-control']).toBe('public, max-age=60, must-revalidate');
  const wasm = await request.get(`/tfjs-wasm/${WASM_VERSION}/tfjs-backend-wasm.wasm`);
  expect(wasm.status()).toBe(200);
  expect(wasm.headers()['cache-control']).toBe(IMMUTABLE);
});
