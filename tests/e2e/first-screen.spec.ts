/**
 * Issue 23, the studio's first screen: the symbol is an <img> in the server's HTML (shown with scripts off, and the
 * page's largest contentful paint), the same element stays on screen after the page's scripts and the generator load,
 * the header and footer work without scripts (links, the theme following the system), and Another, the style picker
 * and the downloads work once the studio's islands have hydrated, before and after the browser's drawer has loaded.
 */
import { readFile } from 'node:fs/promises';

import { expect, test, type Browser, type Page } from '@playwright/test';

import { seedPath, symbolImagePath } from '../../lib/links';
import { inkShare, modelIndex, symbol, symbolPixels, waitReady } from './helpers';
import { outlineIn, outlinesInHtml } from './outline';

const SEED = 'a sigil for courage';
const PAPER = { light: 'rgb(243, 234, 214)', dark: 'rgb(19, 17, 14)' };
const symbolImage = (page: Page) => symbol(page).locator('img');

/** A page opened with scripts off, in the given system colour scheme. */
async function withoutScripts(browser: Browser, colorScheme: 'light' | 'dark') {
  const context = await browser.newContext({ javaScriptEnabled: false, colorScheme, viewport: { width: 1280, height: 900 } });
  return { context, page: await context.newPage() };
}

test('with scripts off, the homepage and a seed page show their symbol as an <img> in the HTML, sized before any stylesheet', async ({ browser, request }) => {
  for (const path of ['/', seedPath(SEED)]) {
    const html = await (await request.get(path)).text();
    const figure = /<figure[^>]*data-testid="symbol"[^>]*>([\s\S]*?)<\/figure>/.exec(html)?.[1] ?? '';
    const img = /<img[^>]*>/.exec(figure)?.[0] ?? '';
    expect(img, `${path}: the symbol is an <img>`).toMatch(/ src="data:image\/svg\+xml,/);
    expect(img, path).toMatch(/ width="\d+" height="\d+"|height="\d+"[^>]* width="\d+"/);
    expect(img, path).toMatch(/ alt="Symbol generated from the seed “[^"]+”"/);
    expect(outlinesInHtml(figure)[0], path).toMatch(/^M[\d.]+ [\d.]+/);

    const { context, page } = await withoutScripts(browser, 'light');
    await page.goto(path);
    await expect(symbolImage(page)).toBeVisible();
    await expect(page.getByRole('img', { name: /^Symbol generated from the seed “.+”$/ })).toBeVisible();
    expect(inkShare(await symbolPixels(page)), `${path}: the plate shows ink`).toBeGreaterThan(0.001);
    await context.close();
  }
});

test('the symbol is the largest contentful paint, on a phone-sized screen and a desktop one', async ({ browser }) => {
  for (const viewport of [
    { width: 412, height: 823 },
    { width: 1280, height: 900 },
  ]) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await page.goto(seedPath(SEED));
    await waitReady(page);
    const largest = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          new PerformanceObserver((list) => {
            const entries = list.getEntries() as (PerformanceEntry & { element?: Element | null })[];
            const element = entries.at(-1)?.element;
            resolve(element?.closest('[data-testid="symbol"]') && element.tagName === 'IMG' ? 'the symbol' : (element?.outerHTML.slice(0, 120) ?? 'none'));
          }).observe({ type: 'largest-contentful-paint', buffered: true });
        }),
    );
    expect(largest, `${viewport.width}x${viewport.height}`).toBe('the symbol');
    await context.close();
  }
});

test('the server’s <img> stays the same element after the page’s scripts and the generator have loaded', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto(seedPath(SEED));
  await waitReady(page);
  const d = await outlineIn(symbol(page));
  await symbolImage(page).evaluate((img) => ((img as HTMLImageElement & { __firstPaint?: true }).__firstPaint = true));
  // The browser's drawer loads once the page is idle, and its generator fetches the model in the worker.
  const worker = page.workers()[0] ?? (await page.waitForEvent('worker', { timeout: 120_000 }));
  const fetched = () => worker.evaluate(() => performance.getEntriesByType('resource').map((entry) => entry.name));
  await expect.poll(async () => (await fetched()).some((url) => url.endsWith('/model.json')), { timeout: 120_000 }).toBe(true);
  await page.waitForTimeout(2_000);
  expect(await symbolImage(page).evaluate((img) => (img as HTMLImageElement & { __firstPaint?: true }).__firstPaint ?? false)).toBe(true);
  await expect(symbol(page)).toHaveAttribute('data-backend', 'server');
  expect(await outlineIn(symbol(page))).toBe(d);
});

test('with scripts off the header and footer work: links lead to their pages, the theme follows the system, script-only controls are hidden', async ({ browser }) => {
  for (const scheme of ['dark', 'light'] as const) {
    const { context, page } = await withoutScripts(browser, scheme);
    await page.goto(seedPath(SEED));
    expect(await page.locator('html').getAttribute('data-theme')).toBeNull();
    await expect(page.locator('html')).toHaveCSS('background-color', PAPER[scheme]);
    // The symbol's image is drawn in the light theme's ink and turned into the dark theme's by a filter.
    await expect(symbolImage(page)).toHaveCSS('filter', scheme === 'dark' ? /invert/ : 'none');
    for (const name of ['Switch to the dark theme', 'Switch to the light theme', 'Keyboard shortcuts']) {
      const button = page.getByRole('button', { name, exact: true, includeHidden: true });
      await expect(button, `${name}: in the HTML`).toHaveCount(1);
      await expect(button, `${name}: hidden`).toBeHidden();
    }
    await context.close();
  }

  const { context, page } = await withoutScripts(browser, 'light');
  await page.goto(seedPath(SEED));
  await page.getByRole('link', { name: 'This Symbol Does Not Exist', exact: true }).click();
  await expect(page).toHaveURL((url) => url.pathname === '/');
  await expect(symbolImage(page)).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Site' });
  await nav.getByRole('link', { name: 'Gallery', exact: true }).click();
  await expect(page).toHaveURL((url) => url.pathname === '/gallery');
  await nav.getByRole('link', { name: 'Real or not?', exact: true }).click();
  await expect(page).toHaveURL((url) => url.pathname === '/real-or-not');
  await nav.getByRole('link', { name: 'Draw', exact: true }).click();
  await expect(page).toHaveURL((url) => url.pathname === '/draw');
  await nav.getByRole('link', { name: 'About', exact: true }).click();
  await expect(page).toHaveURL((url) => url.pathname === '/' && url.hash === '#about');
  await context.close();
});

test('on a narrow phone the header keeps each link on one line and nothing scrolls sideways', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await page.goto(seedPath(SEED));
  const links = await page.getByRole('navigation', { name: 'Site' }).getByRole('link').all();
  expect(links.length).toBeGreaterThanOrEqual(4);
  for (const link of links) {
    const lines = await link.evaluate((a) => {
      const range = document.createRange();
      range.selectNodeContents(a);
      return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
    });
    expect(lines, `${await link.textContent()}: lines`).toBe(1);
  }
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await context.close();
});

test('the theme buttons switch the theme from the first click and keep the choice; without one the system rules', async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: 'dark' });
  const page = await context.newPage();
  await page.goto(seedPath(SEED));
  const toDark = page.getByRole('button', { name: 'Switch to the dark theme', includeHidden: true });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(toDark).toHaveCount(1);
  await expect(toDark).toBeHidden();
  // The page's inline script hears the click; no hydration to wait for.
  await page.getByRole('button', { name: 'Switch to the light theme' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await expect(page.locator('html')).toHaveCSS('background-color', PAPER.light);
  await expect(toDark).toBeVisible();
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await context.close();
});

test('after late hydration: downloads of the server’s symbol, Another, the style picker, downloads of the browser’s, Back', async ({ page }) => {
  test.setTimeout(300_000);
  const { default: modelId, models } = modelIndex();
  const styles = (models.find((m) => m.id === modelId)?.styles ?? []).map((s) => s.id);
  await page.goto(seedPath(SEED));
  await waitReady(page);
  await expect(symbol(page)).toHaveAttribute('data-backend', 'server');

  // The server's symbol: the SVG is its outline, the PNG the image API's picture of it.
  const serverOutline = await outlineIn(symbol(page));
  const [svgDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^SVG/ }).click()]);
  expect(svgDownload.suggestedFilename()).toMatch(/^symbol-a-sigil-for-courage-.+\.svg$/);
  expect(await readFile((await svgDownload.path())!, 'utf8')).toContain(` d="${serverOutline}"`);
  const pngRequest = page.waitForRequest((r) => r.url().endsWith(symbolImagePath(SEED, 'png', { size: 1024, model: modelId })));
  const [pngDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^PNG/ }).click()]);
  await pngRequest;
  const png = await readFile((await pngDownload.path())!);
  expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1024, 1024]);

  // Another (the button): a new seed drawn by the browser, and its link in the address.
  await page.getByRole('button', { name: 'Another', exact: true }).click();
  await expect(symbol(page)).not.toHaveAttribute('data-seed', SEED);
  await waitReady(page);
  await expect(symbol(page)).not.toHaveAttribute('data-backend', 'server');
  const second = (await symbol(page).getAttribute('data-seed'))!;
  await expect(page).toHaveURL((url) => url.pathname === seedPath(second));
  await expect(page.getByTestId('seed-text')).toHaveText(second);

  // The style picker redraws in the chosen style (one the seed does not pick itself) and names it in the address.
  expect(styles.length, 'the default model draws styles').toBeGreaterThan(1);
  const own = await symbol(page).getAttribute('data-style');
  const chosen = styles.find((s) => s !== own)!;
  await page.getByTestId('style-picker').selectOption(chosen);
  await expect(symbol(page)).toHaveAttribute('data-style', chosen);
  await waitReady(page);
  await expect(page).toHaveURL((url) => url.searchParams.get('k') === chosen);
  const [styled] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^PNG/ }).click()]);
  expect(styled.suggestedFilename()).toContain(`-${chosen}`);
  const styledPng = await readFile((await styled.path())!);
  expect([styledPng.readUInt32BE(16), styledPng.readUInt32BE(20)]).toEqual([1024, 1024]);

  // Back returns to the first symbol, the server's drawing as it was.
  await page.goBack();
  await expect(symbol(page)).toHaveAttribute('data-seed', SEED);
  await expect(symbol(page)).toHaveAttribute('data-backend', 'server');
  expect(await outlineIn(symbol(page))).toBe(serverOutline);
});
