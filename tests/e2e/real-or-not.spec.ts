/**
 * "Which one is real?" (/real-or-not): a round played with the mouse and one with the keyboard, the score kept
 * across a reload and reset, and the ways in (the header, the model page), with the explanation for a model that
 * ships no real symbols.
 */
import { expect, test, type Page } from '@playwright/test';

import { modelIndex } from './helpers';

const game = (page: Page) => page.getByTestId('real-or-not');
const score = (page: Page) => page.getByTestId('real-or-not-score');
const side = (page: Page, which: string) => page.getByTestId(`real-or-not-${which}`);

/**
 * A round is on screen and the game's scripts run: the first round comes drawn in the server's HTML, guessing before
 * a click would be heard.
 */
async function guessing(page: Page): Promise<void> {
  await expect(game(page)).toHaveAttribute('data-state', 'guessing');
  await expect(game(page)).toHaveAttribute('data-interactive', 'true');
}

async function expectScore(page: Page, played: number, fooled: number): Promise<void> {
  await expect(score(page)).toHaveAttribute('data-played', String(played));
  await expect(score(page)).toHaveAttribute('data-fooled', String(fooled));
}

/** After a pick: the side picked, which side was real, and whether the network fooled the visitor. */
async function answer(page: Page, picked: 'left' | 'right'): Promise<{ realSide: string; fooled: number }> {
  await expect(game(page)).toHaveAttribute('data-state', 'answered');
  await expect(game(page)).toHaveAttribute('data-picked', picked);
  const realSide = (await game(page).getAttribute('data-real-side'))!;
  expect(['left', 'right']).toContain(realSide);
  await expect(side(page, realSide)).toHaveAttribute('data-verdict', 'real');
  await expect(side(page, realSide === 'left' ? 'right' : 'left')).toHaveAttribute('data-verdict', 'generated');
  await expect(page.getByTestId('real-or-not-source')).toContainText('Held out');
  return { realSide, fooled: realSide === picked ? 0 : 1 };
}

test('a round is played with the mouse and one with the keyboard, and the score persists across a reload', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('/real-or-not');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await guessing(page);
  await expectScore(page, 0, 0);

  // Two symbols, drawn the same way at the same size.
  for (const which of ['left', 'right']) await expect(side(page, which).locator('img')).toHaveCount(1);
  const [a, b] = [await side(page, 'left').boundingBox(), await side(page, 'right').boundingBox()];
  expect(Math.abs(a!.width - b!.width)).toBeLessThan(1);
  expect(Math.abs(a!.height - b!.height)).toBeLessThan(1);
  expect(Math.abs(a!.y - b!.y)).toBeLessThan(1);

  // The mouse: click the left one.
  await side(page, 'left').click();
  const first = await answer(page, 'left');
  await expectScore(page, 1, first.fooled);
  // The generated symbol links to its seed's page, in the round's style when the model has styles.
  await expect(page.getByTestId('real-or-not-answer').getByRole('link')).toHaveAttribute('href', /^\/s\/[a-z]+(\?k=[a-z][a-z0-9-]*)?$/);

  // The keyboard: Enter on "Next round" (focused after the answer), then the right arrow picks the right one.
  await expect(page.getByTestId('real-or-not-next')).toBeFocused();
  await page.keyboard.press('Enter');
  await guessing(page);
  await page.keyboard.press('ArrowRight');
  const second = await answer(page, 'right');
  const fooled = first.fooled + second.fooled;
  await expectScore(page, 2, fooled);
  await expect(score(page)).toContainText(`fooled you ${fooled} time${fooled === 1 ? '' : 's'} in 2 rounds`);

  // A reload keeps the score and starts a fresh round.
  await page.reload();
  await expectScore(page, 2, fooled);
  await guessing(page);

  // Reset forgets it, for good.
  await page.getByTestId('real-or-not-reset').click();
  await expectScore(page, 0, 0);
  await page.reload();
  await expectScore(page, 0, 0);
});

test('the header and the model page lead to the game; a model without real symbols says so', async ({ page }) => {
  const index = modelIndex();
  await page.goto('/seeds');
  await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Real or not?' }).click();
  await expect(page).toHaveURL(/\/real-or-not$/);
  await expect(page.getByRole('heading', { name: 'Which one is real?' })).toBeVisible();

  await page.goto(`/models/${index.default}`);
  await page.getByTestId('model-real-or-not').click();
  await expect(page).toHaveURL(/\/real-or-not$/);
  await expect(game(page)).toHaveAttribute('data-model', index.default);

  // The models published before the game have no real set: the page explains, and offers the current model.
  const older = index.models.find((m) => !m.realSymbols);
  expect(older, 'the shipped index keeps a model published before the game').toBeDefined();
  await page.goto(`/real-or-not?m=${older!.id}`);
  await expect(game(page)).toHaveAttribute('data-state', 'no-real-set');
  await expect(page.getByText(`The model ${older!.id} has no real symbols`)).toBeVisible();
  await page.getByRole('link', { name: 'Play against the current model' }).click();
  await expect(page).toHaveURL(/\/real-or-not$/);
  await expect(game(page)).toHaveAttribute('data-state', 'guessing');
});
