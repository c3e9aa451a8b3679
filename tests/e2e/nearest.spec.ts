/**
 * "Does it exist?": the panel on a seed page (fetched only when opened, three named neighbours and a verdict, the same
 * size as the symbol, following Another), the generated symbol's nearest real symbol after a guess in the game, the
 * model page's verdict shares, and /api/nearest's JSON, caching and errors against the production server.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { expect, test, type Page } from '@playwright/test';

import { modelIndex, symbol, waitReady } from './helpers';

const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Every /api/nearest request the page makes from now on. */
function nearestRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.startsWith('/api/nearest/')) urls.push(r.url());
  });
  return urls;
}

test('the panel opens on a seed page with a verdict and three named neighbours at the symbol’s size, and follows Another', async ({ page }) => {
  const index = modelIndex();
  const model = index.models.find((m) => m.id === index.default)!;
  expect(model.nearest, 'the default model ships nearest.json').toBeDefined();
  const requests = nearestRequests(page);
  await page.goto('/s/courage');
  await waitReady(page);
  const button = page.getByRole('button', { name: 'Does it exist?' });
  await expect(button).toHaveAttribute('aria-expanded', 'false');
  // Closed, nothing is asked.
  expect(requests).toEqual([]);

  // The keyboard opens it: a real button.
  await button.focus();
  await page.keyboard.press('Enter');
  await expect(button).toHaveAttribute('aria-expanded', 'true');
  const result = page.getByTestId('nearest-result');
  await expect(result).toHaveAttribute('data-state', 'ready');
  expect(requests).toHaveLength(1);
  expect(new URL(requests[0]!).pathname + new URL(requests[0]!).search).toBe(`/api/nearest/courage?m=${model.id}`);

  await expect(result).toHaveAttribute('data-verdict', /^(new|close|copy)$/);
  await expect(page.getByTestId('nearest-verdict')).toHaveText(/^(New: |Close to |A copy of )/);
  const neighbours = page.getByTestId('nearest-neighbour');
  await expect(neighbours).toHaveCount(3);
  for (let i = 0; i < 3; i++) {
    const n = neighbours.nth(i);
    const name = (await n.getByTestId('nearest-name').textContent())!.trim();
    expect(name.length, `neighbour ${i} is named`).toBeGreaterThan(0);
    await expect(n.getByRole('img')).toHaveAttribute('aria-label', new RegExp(`^Real symbol ${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    await expect(n).toContainText(/distance \d/);
  }
  const generated = page.getByTestId('nearest-generated');
  await expect(generated.getByRole('img')).toHaveAttribute('aria-label', 'The symbol generated from the seed “courage”');
  // Side by side at the same size.
  const boxes = await Promise.all([generated, ...[0, 1, 2].map((i) => neighbours.nth(i))].map((f) => f.locator('.plate').boundingBox()));
  for (const box of boxes) {
    expect(Math.abs(box!.width - boxes[0]!.width)).toBeLessThan(1);
    expect(Math.abs(box!.height - boxes[0]!.height)).toBeLessThan(1);
    expect(Math.abs(box!.y - boxes[0]!.y)).toBeLessThan(1);
  }

  // Another: the panel stays open and answers for the new symbol.
  await page.getByRole('button', { name: 'Another' }).click();
  await expect(symbol(page)).not.toHaveAttribute('data-seed', 'courage');
  const seed = (await symbol(page).getAttribute('data-seed'))!;
  await expect(generated.getByRole('img')).toHaveAttribute('aria-label', `The symbol generated from the seed “${seed}”`);
  await expect(result).toHaveAttribute('data-state', 'ready');
  expect(requests.map((u) => new URL(u).pathname)).toContain(`/api/nearest/${encodeURIComponent(seed)}`);

  // Closed again with the same button.
  await button.click();
  await expect(button).toHaveAttribute('aria-expanded', 'false');
  await expect(result).toHaveCount(0);
});

test('after a guess in the game, the generated symbol’s nearest real symbol is shown', async ({ page }) => {
  const index = modelIndex();
  const requests = nearestRequests(page);
  await page.goto('/real-or-not');
  const game = page.getByTestId('real-or-not');
  await expect(game).toHaveAttribute('data-state', 'guessing');
  // The first round comes in the server's HTML: a click is heard once the game's scripts run.
  await expect(game).toHaveAttribute('data-interactive', 'true');
  expect(requests).toEqual([]);
  await page.getByTestId('real-or-not-left').click();
  await expect(game).toHaveAttribute('data-state', 'answered');
  const nearest = page.getByTestId('round-nearest');
  await expect(nearest).toHaveAttribute('data-state', 'ready');
  await expect(nearest).toHaveAttribute('data-verdict', /^(new|close|copy)$/);
  expect((await page.getByTestId('round-nearest-name').textContent())!.trim().length).toBeGreaterThan(0);
  await expect(nearest.getByRole('img')).toHaveAttribute('aria-label', /^Real symbol .+, the nearest to the generated one$/);
  // It is the round's generated symbol: its seed (the answer's link) and style, under the game's model.
  const href = (await page.getByTestId('real-or-not-answer').getByRole('link').getAttribute('href'))!;
  const seed = decodeURIComponent(href.split('?')[0]!.slice('/s/'.length));
  const style = new URLSearchParams(href.split('?')[1] ?? '').get('k');
  const asked = new URL(requests.at(-1)!);
  expect(decodeURIComponent(asked.pathname.slice('/api/nearest/'.length))).toBe(seed);
  expect(asked.searchParams.get('m')).toBe(index.default);
  expect(asked.searchParams.get('k')).toBe(style);
});

test('the model page gives the verdict shares of its model card', async ({ page }) => {
  const index = modelIndex();
  const card = JSON.parse(readFileSync(path.join(process.cwd(), 'public/models', index.default, 'model-card.json'), 'utf8')) as { nearestVerdicts?: { n: number } };
  await page.goto(`/models/${index.default}`);
  const section = page.getByTestId('nearest-verdicts');
  if (!card.nearestVerdicts) {
    await expect(section).toHaveCount(0);
    return;
  }
  await expect(section).toContainText(`Of ${card.nearestVerdicts.n.toLocaleString('en')} of its symbols`);
  await expect(page.getByTestId('nearest-verdicts-new')).toHaveText(/^\d+(\.\d)?%$/);
});

test('/api/nearest: JSON, caching like the image API, 400 for bad input, 404 for an unknown model or one without the index', async ({ request }) => {
  const index = modelIndex();
  const res = await request.get(`/api/nearest/courage?m=${index.default}`);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toBe('application/json; charset=utf-8');
  expect(res.headers()['cache-control']).toBe(IMMUTABLE);
  const etag = res.headers()['etag']!;
  const body = (await res.json()) as { model: string; seed: string; verdict: string; nearest: { name: string; source: string; distance: number; path: string }[]; symbol: { path: string } };
  expect(body).toMatchObject({ model: index.default, seed: 'courage' });
  expect(['new', 'close', 'copy']).toContain(body.verdict);
  expect(body.nearest).toHaveLength(3);
  // The same symbol as the image API's SVG of that seed.
  const svg = await (await request.get(`/api/symbol/courage.svg?m=${index.default}`)).text();
  expect(svg).toContain(`d="${body.symbol.path}"`);
  expect((await request.get(`/api/nearest/courage?m=${index.default}`, { headers: { 'If-None-Match': etag } })).status()).toBe(304);
  expect((await request.get('/api/nearest/courage')).headers()['cache-control']).toBe('public, max-age=300');

  for (const bad of ['/api/nearest/%20', '/api/nearest/courage?t=abc', '/api/nearest/courage?t=9', '/api/nearest/courage?k=no-such-style', `/api/nearest/${'x'.repeat(100)}`]) {
    const r = await request.get(bad);
    expect(r.status(), bad).toBe(400);
    expect(((await r.json()) as { error: string }).error.length, bad).toBeGreaterThan(10);
  }
  const unknown = await request.get('/api/nearest/courage?m=no-such-model-1');
  expect(unknown.status()).toBe(404);
  const older = index.models.find((m) => !m.nearest);
  expect(older, 'the shipped index keeps a model published before the check').toBeDefined();
  const without = await request.get(`/api/nearest/courage?m=${older!.id}`);
  expect(without.status()).toBe(404);
  expect(((await without.json()) as { error: string }).error).toContain(`not available for the model ${older!.id}`);
  expect((await request.post('/api/nearest/courage')).status()).toBe(405);
});
