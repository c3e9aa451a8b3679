/**
 * Latent links (/z/<code>) against the production server: the symbol is in the HTML (scripts off), it is the image
 * API's symbol for the same code, the Adjust panel moves it and keeps ?e= in the address, a reload draws the same, and
 * a malformed or cut code is a clear page (and a 400 JSON from the API), never a 500.
 */
import { expect, test } from '@playwright/test';

import { encodeLatentCode } from '../../lib/latent/codec';
import { seedToLatent } from '../../lib/seeds/seed';
import { modelIndex, symbol } from './helpers';

function defaultModel() {
  const index = modelIndex();
  return index.models.find((m) => m.id === index.default)!;
}

/** A code for the default model: a seed's latent in its first style. */
function codeFor(text: string): string {
  const model = defaultModel();
  const count = model.styles?.length ?? 0;
  return encodeLatentCode({ latent: seedToLatent(text, model.latentSize), style: count ? { index: 0, count } : null });
}

/** The path data of an SVG document or of the page's symbol. */
const pathOf = (svg: string) => /<path[^>]* d="([^"]+)"/.exec(svg)?.[1];

test.describe('with scripts off', () => {
  test.use({ javaScriptEnabled: false });

  test('a /z/ page shows the image API’s symbol for its code in the HTML', async ({ page, request }) => {
    const model = defaultModel();
    const code = codeFor('e2e latent link');
    const res = await page.goto(`/z/${code}?m=${model.id}`);
    expect(res?.status()).toBe(200);
    await expect(symbol(page)).toHaveAttribute('data-state', 'ready');
    await expect(symbol(page)).toHaveAttribute('data-code', code);
    const d = await symbol(page).locator('path').getAttribute('d');
    const api = await request.get(`/api/symbol/z/${code}.svg?m=${model.id}`);
    expect(api.status()).toBe(200);
    expect(pathOf(await api.text())).toBe(d);
    // The share card names the model, so it is immutable.
    const card = await page.locator('meta[property="og:image"]').getAttribute('content');
    expect(card).toContain(`/api/card/z/${code}.png?m=${model.id}`);
    expect((await request.get(card!)).headers()['content-type']).toBe('image/png');
  });

  test('a malformed, cut or changed code is a clear page, and a 400 JSON from the API', async ({ page, request }) => {
    const code = codeFor('e2e bad link');
    const changed = code.slice(0, 20) + (code[20] === 'A' ? 'B' : 'A') + code.slice(21);
    for (const bad of ['hello', code.slice(0, -5), changed, `${code}%25`]) {
      const res = await page.goto(`/z/${bad}`);
      expect(res!.status()).toBeLessThan(500);
      await expect(page.getByRole('heading', { name: 'This latent link does not work' })).toBeVisible();
      await expect(page.getByTestId('latent-error')).toContainText(/latent link/);
      const api = await request.get(`/api/symbol/z/${bad}.png`);
      expect(api.status()).toBe(400);
      expect((await api.json()).error).toMatch(/latent link|code/);
    }
  });
});

test('the Adjust panel moves a /z/ symbol, keeps ?e= in the address, and a reload and the image API draw the same', async ({ page, request }) => {
  const model = defaultModel();
  test.skip(!model.sliders, 'the default model ships no sliders.json');
  const code = codeFor('e2e adjusted latent');
  await page.goto(`/z/${code}?m=${model.id}`);
  const before = await symbol(page).locator('path').getAttribute('d');
  const button = page.getByRole('button', { name: 'Adjust', exact: true });
  await expect(button).toHaveAttribute('aria-expanded', 'false');
  await button.click();
  const slider = page.getByTestId('adjust-slider-0');
  await slider.focus();
  for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
  await expect(page).toHaveURL(/[?&]e=0%3A1|[?&]e=0:1(&|$)/);
  await expect(symbol(page)).toHaveAttribute('data-edits', '0:1');
  const after = await symbol(page).locator('path').getAttribute('d');
  expect(after).not.toBe(before);

  await page.reload();
  await expect(symbol(page)).toHaveAttribute('data-edits', '0:1');
  expect(await symbol(page).locator('path').getAttribute('d')).toBe(after);
  const api = await request.get(`/api/symbol/z/${code}.svg?m=${model.id}&e=0:1`);
  expect(pathOf(await api.text())).toBe(after);
});
