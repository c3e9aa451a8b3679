import { readFile } from 'node:fs/promises';

import { expect, test, type Page } from '@playwright/test';
import { PNG } from 'pngjs';

import { readGif } from '../support/gif-reader';
import { COLLECT_CSP_VIOLATIONS, cspViolations, drawnInBrowser, pixelAgreement, symbol, symbolPixels, waitReady, WEBGL } from './helpers';
import { outlineIn } from './outline';

const A = 'courage';
const B = 'a sigil for fear';
const morph = (page: Page) => page.getByTestId('morph');

/** The seed page's symbol as the browser draws it (as the morph does): its pixels and its outline. */
async function seedSymbol(page: Page, seed: string) {
  await page.goto(drawnInBrowser(`/s/${encodeURIComponent(seed)}`));
  await waitReady(page);
  return { pixels: await symbolPixels(page), d: await outlineIn(symbol(page)) };
}

/** Frame `frame` as the browser drew it (not the server's drawing of an end, which stands in until then). */
async function morphFrame(page: Page, frame: number) {
  const el = morph(page);
  await expect(el).toHaveAttribute('data-frame', String(frame));
  await expect(el).toHaveAttribute('data-shown-frame', String(frame));
  await expect(el).not.toHaveAttribute('data-shown-from', 'server');
  await expect(el).toHaveAttribute('data-state', 'ready');
  const buf = await el.screenshot({ animations: 'disabled', caret: 'hide' });
  return { pixels: PNG.sync.read(buf), d: await outlineIn(el) };
}

test.describe('morph', () => {
  // No autoplay under reduced motion: the test moves the playhead itself.
  test.use({ reducedMotion: 'reduce' });

  test("first and last frames are the two seeds' symbols; GIF and PNG strip exports are valid", WEBGL, async ({ page }) => {
    test.setTimeout(900_000);
    const a = await seedSymbol(page, A);
    const b = await seedSymbol(page, B);

    await page.addInitScript(COLLECT_CSP_VIOLATIONS);
    await page.goto(`/morph/${encodeURIComponent(A)}/${encodeURIComponent(B)}`);
    await expect(morph(page)).toHaveAttribute('data-backend', 'webgl', { timeout: 240_000 });
    const first = await morphFrame(page, 0);
    const tensors = await morph(page).getAttribute('data-num-tensors');
    expect(tensors).toMatch(/^\d+$/);
    const frames = Number(await morph(page).getAttribute('data-frames'));
    expect(frames).toBe(64);

    // Scrub to the end with the keyboard.
    const scrubber = page.getByTestId('morph-scrubber');
    await scrubber.focus();
    await scrubber.press('End');
    const last = await morphFrame(page, frames - 1);

    expect(pixelAgreement(first.pixels, a.pixels, 8)).toBeGreaterThanOrEqual(0.995);
    expect(pixelAgreement(last.pixels, b.pixels, 8)).toBeGreaterThanOrEqual(0.995);
    // Not just alike: the very same outlines (slerp hits its ends exactly and the pipeline is shared).
    expect(first.d).toBe(a.d);
    expect(last.d).toBe(b.d);
    // A middle frame is neither.
    await scrubber.press('Home');
    for (let i = 0; i < frames / 2; i++) await scrubber.press('ArrowRight');
    const mid = await morphFrame(page, frames / 2);
    expect(pixelAgreement(mid.pixels, a.pixels, 8)).toBeLessThan(0.99);
    expect(pixelAgreement(mid.pixels, b.pixels, 8)).toBeLessThan(0.99);

    // Space plays and pauses (focus outside the controls).
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Space');
    await expect(morph(page)).toHaveAttribute('data-playing', 'true');
    await page.keyboard.press('Space');
    await expect(morph(page)).toHaveAttribute('data-playing', 'false');

    // Exports wait for every frame.
    await expect(morph(page)).toHaveAttribute('data-frames-ready', String(frames), { timeout: 600_000 });
    const [gifDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-gif').click()]);
    expect(gifDownload.suggestedFilename()).toMatch(/^morph-courage-to-a-sigil-for-fear-.+\.gif$/);
    const gif = readGif(new Uint8Array(await readFile((await gifDownload.path())!)));
    expect(gif).toMatchObject({ version: 'GIF89a', width: 256, height: 256, loopCount: 0 });
    expect(gif.frames).toHaveLength(2 * frames - 2); // there and back
    expect(gif.frames.every((f) => f.width === 256 && f.height === 256 && (f.delayMs ?? 0) >= 20)).toBe(true);

    const [stripDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-strip').click()]);
    const strip = PNG.sync.read(await readFile((await stripDownload.path())!));
    expect([strip.width, strip.height]).toEqual([8 * 256, 256]);

    // Tensors stay flat over the whole leg; nothing broke the Content-Security-Policy (GIF encoding and downloads included).
    await expect(morph(page)).toHaveAttribute('data-num-tensors', tensors!);
    expect(await cspViolations(page)).toEqual([]);
  });

  test('invalid seeds in a morph link get the same clear error as seed pages', async ({ page }) => {
    for (const bad of ['x'.repeat(65), 'abc%00def']) {
      await page.goto(`/s/${bad}`);
      const message = (await page.locator('main').getByRole('alert').innerText()).trim();
      expect(message).toMatch(/characters long|control character/);

      for (const url of [`/morph/${bad}/courage`, `/morph/courage/${bad}`]) {
        const response = await page.goto(url);
        expect(response?.status()).toBeLessThan(500);
        await expect(symbol(page)).toHaveAttribute('data-state', 'error');
        await expect(page.locator('main').getByRole('alert')).toContainText(message);
        await expect(page.getByRole('heading', { name: 'This is not a seed' })).toBeVisible();
      }
    }
    await expect(page.getByText('The second seed of this morph link is not valid:')).toBeVisible();

    // Broken percent-encoding, which the router itself cannot decode: the seed pages' message, not a 500.
    const broken = await page.goto('/morph/%ZZ/courage');
    expect(broken?.status()).toBeLessThan(500);
    await expect(page.getByText('not valid percent-encoded text')).toBeVisible();
  });
});
