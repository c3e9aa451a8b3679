/**
 * The studio's Adjust panel on a seed page, and a seed link's ?e=: collapsed and loading nothing at first (the first
 * paint unchanged), then the model's sliders; moving one redraws the studio's symbol at interactive speed (the redraw
 * time is printed for the record: the goal is under 100 ms on wasm) and puts ?e= in the address, the copied
 * link and the panel's files; the image API draws the same adjusted symbol; a link with ?e= is the adjusted symbol in
 * the HTML (scripts off too), with a share card that carries it, and opens the panel on its offsets; Another drops
 * them; a bad ?e= is a notice over the symbol drawn without it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { expect, test, type Page } from '@playwright/test';

import { modelIndex, symbol, waitReady } from './helpers';
import { outlineIn } from './outline';

function defaultModel() {
  const index = modelIndex();
  return index.models.find((m) => m.id === index.default)!;
}

/** Every request for a sliders.json from now on. */
function slidersRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/sliders.json')) urls.push(r.url());
  });
  return urls;
}

const pathOf = (svg: string) => /<path[^>]* d="([^"]+)"/.exec(svg)?.[1];

test('moving a slider redraws the studio’s symbol at interactive speed and updates the link; the image API draws the same symbol', async ({ page, request }) => {
  const model = defaultModel();
  test.skip(!model.sliders, 'the default model ships no sliders.json');
  const requests = slidersRequests(page);
  await page.goto('/s/courage?backend=wasm');
  await waitReady(page);
  const asDrawn = await outlineIn(symbol(page));
  const button = page.getByRole('button', { name: 'Adjust', exact: true });
  await expect(button).toHaveAttribute('aria-expanded', 'false');
  expect(requests).toEqual([]);

  await button.click();
  // The panel's first drawing (no slider moved) is the symbol as drawn, now the studio's.
  await expect(page.getByText(/Redrawn in \d+ ms/)).toBeVisible();
  expect(await outlineIn(symbol(page))).toBe(asDrawn);
  expect(requests).toHaveLength(1);
  const times: number[] = [];
  const slider = page.getByTestId('adjust-slider-0');
  await slider.focus();
  for (let i = 1; i <= 5; i++) {
    await page.keyboard.press('ArrowRight');
    const edits = `0:${i / 10}`;
    await expect(symbol(page)).toHaveAttribute('data-edits', edits);
    await expect(symbol(page)).toHaveAttribute('data-state', 'ready');
    times.push(Number(await symbol(page).getAttribute('data-generate-ms')));
  }
  console.log(`Adjust redraws on wasm (ms): ${times.map((t) => t.toFixed(1)).join(', ')}`);
  await expect(page).toHaveURL(/[?&]e=0%3A0\.5|[?&]e=0:0\.5/);
  const svgLink = await page.getByTestId('adjust-svg').getAttribute('href');
  expect(svgLink).toContain('e=0%3A0.5');
  const shown = await outlineIn(symbol(page));
  expect(shown).not.toBe(asDrawn);
  expect(pathOf(await (await request.get(svgLink!)).text())).toBe(shown);

  // The studio's copy link carries the offsets of the symbol on screen.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByRole('button', { name: 'Copy link', exact: true }).click();
  const copied = new URL(await page.evaluate(() => navigator.clipboard.readText()));
  expect(copied.pathname).toBe('/s/courage');
  expect(copied.searchParams.get('m')).toBe(model.id);
  expect(copied.searchParams.get('e')).toBe('0:0.5');

  // The link opens the panel on its offsets, and the studio draws the same symbol (in the browser: ?backend= asks it to).
  await page.reload();
  await expect(symbol(page)).toHaveAttribute('data-edits', '0:0.5');
  expect(await outlineIn(symbol(page))).toBe(shown);
  await expect(page.getByRole('button', { name: 'Adjust', exact: true })).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByTestId('adjust-slider-0')).toHaveValue('0.5');

  // Another is a new seed, drawn as it is: no offsets in the address or on the plate.
  const before = await symbol(page).getAttribute('data-seed');
  await page.getByRole('button', { name: 'Another' }).click();
  await expect(symbol(page)).not.toHaveAttribute('data-seed', before!);
  await expect(symbol(page)).toHaveAttribute('data-state', 'ready');
  await expect(symbol(page)).not.toHaveAttribute('data-edits', /./);
  expect(new URL(page.url()).searchParams.get('e')).toBeNull();
});

test('a field slider (a path along the learned field) draws the same symbol in the browser and in the image API', async ({ page, request }) => {
  const model = defaultModel();
  test.skip(!model.sliders, 'the default model ships no sliders.json');
  const file = JSON.parse(readFileSync(path.join(process.cwd(), 'public/models', model.id, 'sliders.json'), 'utf8')) as { sliders: { field?: number }[] };
  const index = file.sliders.findIndex((s) => s.field !== undefined);
  test.skip(index < 0, 'the default model has no field sliders');
  await page.goto('/s/courage?backend=wasm');
  await waitReady(page);
  const asDrawn = await outlineIn(symbol(page));
  await page.getByRole('button', { name: 'Adjust', exact: true }).click();
  await expect(page.getByText(/Redrawn in \d+ ms/)).toBeVisible();
  await page.getByTestId(`adjust-slider-${index}`).focus();
  for (let i = 1; i <= 6; i++) await page.keyboard.press('ArrowLeft');
  await expect(symbol(page)).toHaveAttribute('data-edits', `${index}:-0.6`);
  await expect(symbol(page)).toHaveAttribute('data-state', 'ready');
  const shown = await outlineIn(symbol(page));
  expect(shown).not.toBe(asDrawn);
  const svgLink = await page.getByTestId('adjust-svg').getAttribute('href');
  expect(svgLink).toContain(`e=${index}%3A-0.6`);
  expect(pathOf(await (await request.get(svgLink!)).text())).toBe(shown);
});

test.describe('with scripts off', () => {
  test.use({ javaScriptEnabled: false });

  test('a seed link with ?e= is the adjusted symbol in the HTML, the image API’s SVG for the same ?e=, and its card carries ?e=', async ({ page, request }) => {
    const model = defaultModel();
    test.skip(!model.sliders, 'the default model ships no sliders.json');
    // Slider 0 only: every sliders.json has one, whichever sliders a later export keeps.
    const edits = '0:1.5';
    const res = await page.goto(`/s/courage?e=${encodeURIComponent(edits)}`);
    expect(res?.status()).toBe(200);
    await expect(symbol(page)).toHaveAttribute('data-state', 'ready');
    await expect(symbol(page)).toHaveAttribute('data-backend', 'server');
    await expect(symbol(page)).toHaveAttribute('data-edits', edits);
    const d = await outlineIn(symbol(page));
    const api = await request.get(`/api/symbol/courage.svg?e=${encodeURIComponent(edits)}`);
    expect(api.status()).toBe(200);
    expect(pathOf(await api.text())).toBe(d);
    // Not the symbol as drawn: the offsets moved it.
    expect(pathOf(await (await request.get('/api/symbol/courage.svg')).text())).not.toBe(d);

    // The share card and the canonical link are the adjusted symbol's (the card names the model, so it is immutable).
    const card = await page.locator('meta[property="og:image"]').getAttribute('content');
    expect(card).toContain(`/api/card/courage.png?m=${model.id}&e=${encodeURIComponent(edits)}`);
    const cardRes = await request.get(card!);
    expect(cardRes.status()).toBe(200);
    expect(cardRes.headers()['content-type']).toBe('image/png');
    expect(await page.locator('link[rel="canonical"]').getAttribute('href')).toMatch(new RegExp(`/s/courage\\?e=${encodeURIComponent(edits)}$`));
  });

  test('a bad ?e= is a notice over the symbol drawn without it, never a 500; the image API answers it 400', async ({ page, request }) => {
    const model = defaultModel();
    test.skip(!model.sliders, 'the default model ships no sliders.json');
    const res = await page.goto('/s/courage?e=0:99');
    expect(res?.status()).toBe(200);
    await expect(page.getByRole('status').filter({ hasText: /past ±.*shown without it/ })).toBeVisible();
    await expect(symbol(page)).toHaveAttribute('data-state', 'ready');
    await expect(symbol(page)).not.toHaveAttribute('data-edits', /./);
    expect(await outlineIn(symbol(page))).toBe(pathOf(await (await request.get('/api/symbol/courage.svg')).text()));
    // Nor does the card carry it.
    expect(await page.locator('meta[property="og:image"]').getAttribute('content')).not.toContain('e=');
    const api = await request.get('/api/symbol/courage.png?e=0:99');
    expect(api.status()).toBe(400);
    expect((await api.json()).error).toMatch(/past ±/);
  });
});

test('a bad ?e= leaves the panel closed, and opened its sliders start at 0', async ({ page }) => {
  const model = defaultModel();
  test.skip(!model.sliders, 'the default model ships no sliders.json');
  await page.goto('/s/courage?e=0:99');
  await waitReady(page);
  const button = page.getByRole('button', { name: 'Adjust', exact: true });
  await expect(button).toHaveAttribute('aria-expanded', 'false');
  await button.click();
  await expect(page.getByTestId('adjust-slider-0')).toHaveValue('0');
  // The panel writes the address it stands for: the refused ?e= is gone.
  await expect.poll(() => new URL(page.url()).searchParams.get('e')).toBeNull();
});
