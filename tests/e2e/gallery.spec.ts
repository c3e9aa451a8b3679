import { expect, test, type Page } from '@playwright/test';

import { COLLECT_CSP_VIOLATIONS, cspViolations, symbol, waitReady } from './helpers';

const gallery = (page: Page) => page.getByTestId('gallery');
const readyTiles = (page: Page) => page.locator('[data-testid=gallery-tile][data-state=ready]');
const pageTiles = (page: Page, n: number) => page.locator(`section[data-page="${n}"] [data-testid=gallery-tile]`);

test('the gallery shows 24+ ready symbols, loads more on scroll with a flat tensor count, and opens seed pages', async ({ page }) => {
  test.setTimeout(600_000);
  await page.addInitScript(COLLECT_CSP_VIOLATIONS);
  await page.goto('/gallery');
  await expect(readyTiles(page).nth(23)).toBeVisible({ timeout: 240_000 });
  expect(await readyTiles(page).count()).toBeGreaterThanOrEqual(24);
  // The same seeds as the pinned sequence (tests/unit/gallery.test.ts), one forward pass per page of 24.
  await expect(pageTiles(page, 1).first()).toHaveAttribute('data-seed', 'vekamorim');
  // Page 1 came drawn by the server: the first pass in the browser is page 2's, once the page is idle and the model loaded.
  await expect(gallery(page)).toHaveAttribute('data-num-tensors', /^\d+$/, { timeout: 240_000 });
  const tensors = await gallery(page).getAttribute('data-num-tensors');

  // Scroll down page after page: new pages are drawn, far pages are released, tensors stay flat.
  for (let target = 3; target <= 5; target++) {
    await page.locator(`section[data-page="${target}"]`).scrollIntoViewIfNeeded({ timeout: 60_000 });
    await expect(pageTiles(page, target).filter({ has: page.locator('img') })).toHaveCount(24, { timeout: 240_000 });
    await expect(gallery(page)).toHaveAttribute('data-num-tensors', tensors!);
  }
  // Page 1 is far away now: its outlines were released (memory does not grow with the scroll).
  await expect(pageTiles(page, 1).and(page.locator('[data-state=ready]'))).toHaveCount(0);
  await expect(page).toHaveURL(/\/gallery\?page=[4-6]$/);
  const batches = Number(await gallery(page).getAttribute('data-batches'));
  expect(batches).toBeGreaterThanOrEqual(4);
  expect(await cspViolations(page)).toEqual([]);

  // A click opens the seed page.
  const tile = pageTiles(page, 5).first();
  const seed = await tile.getAttribute('data-seed');
  await tile.click();
  await expect(page).toHaveURL(new RegExp(`/s/${seed}$`));
  await expect(symbol(page)).toHaveAttribute('data-seed', seed!);
});

test('the strangeness is in every link that depends on it, and bad values are clamped with a message', async ({ page }) => {
  test.setTimeout(600_000);
  await page.goto('/gallery?page=3&t=0.7');
  await expect(gallery(page)).toHaveAttribute('data-truncation', '0.7');
  const first = pageTiles(page, 3).first();
  await expect(first).toHaveAttribute('href', /^\/s\/[a-z]+\?t=0\.7$/);
  await expect(page.getByRole('link', { name: /Earlier symbols \(page 2\)/ })).toHaveAttribute('href', '/gallery?t=0.7&page=2');

  // The seed page renders with it, and keeps it in its own links.
  const seed = (await first.getAttribute('data-seed'))!;
  await page.goto(`/s/${seed}?t=0.7`);
  await waitReady(page);
  await expect(symbol(page)).toHaveAttribute('data-truncation', '0.7');
  await expect(page.getByTestId('strangeness')).toContainText('Strangeness 0.7');
  await expect(page.getByTestId('morph-from-here')).toHaveAttribute('href', new RegExp(`^/morph/${seed}/[a-z]+\\?t=0\\.7$`));
  // Its share card and canonical URL are the truncated symbol's, not the untruncated one's.
  await expect(page.locator('link[rel=canonical]')).toHaveAttribute('href', new RegExp(`/s/${seed}\\?t=0\\.7$`));
  const card = await page.locator('meta[property="og:image"]').getAttribute('content');
  expect(card).toMatch(new RegExp(`/api/card/${seed}\\.png\\?m=[a-z0-9-]+&t=0\\.7$`));
  const cardResponse = await page.request.get(card!);
  expect([cardResponse.status(), cardResponse.headers()['content-type']]).toEqual([200, 'image/png']);

  // Out of range: clamped, with a message; not a number: 1, with a message. Never an error page.
  const clamped = await page.goto('/s/courage?t=9');
  expect(clamped?.status()).toBe(200);
  await expect(page.getByText('The strangeness in this link (t=9) is outside 0.3 to 1.5, so it is shown at 1.5.')).toBeVisible();
  await waitReady(page);
  await expect(symbol(page)).toHaveAttribute('data-truncation', '1.5');
  await page.goto('/gallery?t=wild&page=zero');
  await expect(page.getByText(/t=wild\) is not a number/)).toBeVisible();
  await expect(page.getByText(/page=zero\) is not a whole number/)).toBeVisible();
  await expect(gallery(page)).toHaveAttribute('data-truncation', '1');
  await expect(page).toHaveURL(/\/gallery$/);
});
