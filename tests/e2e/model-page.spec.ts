/**
 * The model page as a visitor sees it (issue 27). Every plate keeps its corner ticks (the absolutely placed ::before
 * and ::after of `.plate`) inside its own box: the style rows' sample links carried the class without a positioned
 * box, so their ticks landed at the viewport's corners. The seeds page's cards carry the class the same way. And the
 * blind test names its judge as the model card gives it, a role and the card's date, never a sitting. The sliders
 * section (issue 26) lists every kept slider against the 90% goal and says which meet it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { expect, test, type Page } from '@playwright/test';

import { modelIndex } from './helpers';

type Tick = { pseudo: string; box: { left: number; top: number; right: number; bottom: number } };
type PlateReport = { plate: string; position: string; box: Tick['box']; ticks: Tick[] };

/**
 * Every `.plate` on the page: its computed position, its border box and where each corner tick lands. A tick is
 * placed against its containing block (the nearest positioned or transformed ancestor's padding box, the plate itself
 * once it is positioned, else the initial containing block), so the box is computed from that block, not assumed.
 */
function plates(page: Page): Promise<PlateReport[]> {
  return page.evaluate(() => {
    const px = (value: string) => parseFloat(value) || 0;
    const box = (r: { left: number; top: number; right: number; bottom: number }) => ({ left: r.left, top: r.top, right: r.right, bottom: r.bottom });
    const containsAbsolute = (s: CSSStyleDeclaration) =>
      s.position !== 'static' ||
      s.transform !== 'none' ||
      s.perspective !== 'none' ||
      s.filter !== 'none' ||
      /\b(layout|paint|strict|content)\b/.test(s.contain) ||
      /\b(transform|perspective|filter)\b/.test(s.willChange) ||
      !['', 'normal'].includes(s.getPropertyValue('container-type')) ||
      s.getPropertyValue('content-visibility') === 'auto';
    const containingBlock = (plate: Element) => {
      for (let node: Element | null = plate; node; node = node.parentElement) {
        const s = getComputedStyle(node);
        if (node === document.documentElement || !containsAbsolute(s)) continue;
        const r = node.getBoundingClientRect();
        return { left: r.left + px(s.borderLeftWidth), top: r.top + px(s.borderTopWidth), right: r.right - px(s.borderRightWidth), bottom: r.bottom - px(s.borderBottomWidth) };
      }
      const width = document.documentElement.clientWidth;
      const height = document.documentElement.clientHeight;
      return { left: -window.scrollX, top: -window.scrollY, right: width - window.scrollX, bottom: height - window.scrollY };
    };
    return [...document.querySelectorAll('.plate')].map((plate) => {
      const cb = containingBlock(plate);
      const ticks = (['::before', '::after'] as const).flatMap((pseudo) => {
        const s = getComputedStyle(plate, pseudo);
        if (s.content === 'none' || s.content === 'normal' || s.display === 'none') return [];
        const extra = (a: string, b: string, c: string, d: string) => (s.boxSizing === 'border-box' ? 0 : px(a) + px(b) + px(c) + px(d));
        const width = px(s.width) + extra(s.paddingLeft, s.paddingRight, s.borderLeftWidth, s.borderRightWidth);
        const height = px(s.height) + extra(s.paddingTop, s.paddingBottom, s.borderTopWidth, s.borderBottomWidth);
        const left = s.left !== 'auto' ? cb.left + px(s.left) : cb.right - px(s.right) - width;
        const top = s.top !== 'auto' ? cb.top + px(s.top) : cb.bottom - px(s.bottom) - height;
        return [{ pseudo, box: { left, top, right: left + width, bottom: top + height } }];
      });
      const name = `${plate.tagName.toLowerCase()}${plate.getAttribute('href') ? ` href=${plate.getAttribute('href')}` : ''} "${(plate.textContent ?? '').trim().slice(0, 40)}"`;
      return { plate: name, position: getComputedStyle(plate).position, box: box(plate.getBoundingClientRect()), ticks };
    });
  });
}

/** The plates whose ticks are missing, or land anywhere but inside the plate's own border box. */
function misplaced(reports: PlateReport[]): string[] {
  const within = (inner: Tick['box'], outer: Tick['box']) =>
    inner.left >= outer.left - 0.5 && inner.top >= outer.top - 0.5 && inner.right <= outer.right + 0.5 && inner.bottom <= outer.bottom + 0.5;
  return reports.flatMap((r) => {
    if (r.position === 'static') return [`${r.plate}: position static, so its ticks are placed against another box`];
    if (r.ticks.length !== 2) return [`${r.plate}: ${r.ticks.length} corner ticks, expected 2`];
    return r.ticks.filter((t) => !within(t.box, r.box)).map((t) => `${r.plate}: ${t.pseudo} at ${JSON.stringify(t.box)}, outside ${JSON.stringify(r.box)}`);
  });
}

const { default: defaultId } = modelIndex();

test('model page: every plate, the style rows’ sample links included, keeps its corner ticks inside its own box', async ({ page }) => {
  const model = modelIndex().models.find((m) => m.id === defaultId)!;
  await page.goto(`/models/${model.id}`);
  await expect(page.getByTestId('model-style')).toHaveCount(model.styles!.length);
  const samples = page.getByTestId('model-style').locator('a.plate');
  await expect(samples).toHaveCount(model.styles!.length * 6);
  const reports = await plates(page);
  expect(reports.length).toBeGreaterThanOrEqual(model.styles!.length * 6);
  expect(misplaced(reports)).toEqual([]);
});

test('seeds page: every sample seed’s card keeps its corner ticks inside its own box', async ({ page }) => {
  await page.goto('/seeds');
  const cards = page.getByTestId('sample-seeds').locator('a.plate');
  await expect(cards.first()).toBeVisible();
  const reports = await plates(page);
  expect(reports.length).toBeGreaterThanOrEqual(await cards.count());
  expect(misplaced(reports)).toEqual([]);
});

test('model page: the blind test names its judge as the model card gives it, a role and a date', async ({ page }) => {
  const card = JSON.parse(readFileSync(path.join(process.cwd(), 'public/models', defaultId, 'model-card.json'), 'utf8')) as {
    blindTest?: { judge?: string | null; date?: string | null };
  };
  const { judge, date } = card.blindTest ?? {};
  expect(judge, 'the default model card records who judged its blind sheet').toBeTruthy();
  await page.goto(`/models/${defaultId}`);
  const blind = page.getByTestId('fidelity-blind');
  await expect(blind).toContainText(`passed as real to ${judge}${date ? ` (${date})` : ''}.`);
  await expect(blind).not.toContainText(/\bsessions? \d/i);
});

test('model page: the sliders section lists each kept slider against the 90% goal and says which meet it, with the command and date', async ({ page }) => {
  const card = JSON.parse(readFileSync(path.join(process.cwd(), 'public/models', defaultId, 'model-card.json'), 'utf8')) as {
    sliders?: {
      minMonotonic: number;
      kept: { id: string; label: string; monotonic: number }[];
      measured?: string;
      command?: string;
      field?: { command?: string };
    };
  };
  test.skip(!card.sliders?.kept.length, 'the default model card records no sliders');
  const { kept, minMonotonic, measured, command, field } = card.sliders!;
  await page.goto(`/models/${defaultId}`);
  const section = page.getByTestId('sliders-summary');
  await expect(section.getByRole('heading', { name: /sliders/i })).toBeVisible();
  for (const s of kept) {
    const row = section.getByTestId(`sliders-row-${s.id}`);
    await expect(row).toContainText(s.label);
    await expect(row).toContainText(`${Math.round(s.monotonic * 1000) / 10}%`);
    await expect(row).toContainText(s.monotonic >= minMonotonic ? 'met' : 'not met');
  }
  const meeting = kept.filter((s) => s.monotonic >= minMonotonic);
  const goal = section.getByTestId('sliders-goal');
  if (meeting.length === 0) await expect(goal).toHaveText('None meets it.');
  else if (meeting.length === kept.length) await expect(goal).toHaveText(`All ${kept.length} meet it.`);
  else for (const s of meeting) await expect(goal).toContainText(s.label);
  if (measured) await expect(section).toContainText(`Measured ${measured}`);
  // The straight sliders' command, then (when the model has field sliders) the field's.
  await expect(section.locator('code')).toHaveText([command, field?.command].filter((c): c is string => !!c));
});
