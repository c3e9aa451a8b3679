/**
 * The studio's Adjust panel on a seed page: collapsed and loading nothing at first (the first paint unchanged), then
 * the model's sliders; moving one redraws the adjusted symbol at interactive speed (the redraw time is printed for
 * the record: the goal is under 100 ms on wasm) and puts ?e= in the address, its links and its files; the
 * image API draws the same adjusted symbol; a link with ?e= opens the panel on its offsets; a bad ?e= is a notice.
 */
import { expect, test, type Page } from '@playwright/test';

import { modelIndex, waitReady } from './helpers';

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

test('moving a slider redraws at interactive speed and updates the link; the image API draws the same symbol', async ({ page, request }) => {
  const model = defaultModel();
  test.skip(!model.sliders, 'the default model ships no sliders.json');
  const requests = slidersRequests(page);
  await page.goto('/s/courage?backend=wasm');
  await waitReady(page);
  const button = page.getByRole('button', { name: 'Adjust' });
  await expect(button).toHaveAttribute('aria-expanded', 'false');
  expect(requests).toEqual([]);

  await button.click();
  const preview = page.getByTestId('adjusted-symbol');
  await expect(preview).toHaveAttribute('data-state', 'ready');
  expect(requests).toHaveLength(1);
  const times: number[] = [];
  const slider = page.getByTestId('adjust-slider-0');
  await slider.focus();
  for (let i = 1; i <= 5; i++) {
    await page.keyboard.press('ArrowRight');
    const edits = `0:${i / 10}`;
    await expect(preview).toHaveAttribute('data-edits', edits);
    await expect(preview).toHaveAttribute('data-state', 'ready');
    times.push(Number(await preview.getAttribute('data-generate-ms')));
  }
  console.log(`Adjust redraws on wasm (ms): ${times.map((t) => t.toFixed(1)).join(', ')}`);
  await expect(page).toHaveURL(/[?&]e=0%3A0\.5|[?&]e=0:0\.5/);
  const svgLink = await page.getByTestId('adjust-svg').getAttribute('href');
  expect(svgLink).toContain('e=0%3A0.5');
  const shown = await preview.locator('path').getAttribute('d');
  expect(pathOf(await (await request.get(svgLink!)).text())).toBe(shown);

  // The link opens the panel on its offsets, drawing the same symbol.
  await page.reload();
  await expect(page.getByRole('button', { name: 'Adjust' })).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByTestId('adjusted-symbol')).toHaveAttribute('data-edits', '0:0.5');
  await expect(page.getByTestId('adjusted-symbol').locator('path')).toHaveAttribute('d', shown!);
});

test('a bad ?e= is a notice and the sliders start at 0; the image API answers it 400', async ({ page, request }) => {
  const model = defaultModel();
  test.skip(!model.sliders, 'the default model ships no sliders.json');
  await page.goto('/s/courage?e=0:99');
  await waitReady(page);
  await expect(page.getByRole('button', { name: 'Adjust' })).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByText(/past ±/)).toBeVisible();
  const api = await request.get('/api/symbol/courage.png?e=0:99');
  expect(api.status()).toBe(400);
  expect((await api.json()).error).toMatch(/past ±/);
});
