/** How a model's outlines are drawn, as the model page reads and shows it: subpixel, its source, both drawings' C2ST. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';

import { OutlineSummary } from '@/components/model-card/outline-summary';
import { cardRetrace } from '@/lib/model/card-retrace';

/** One drawing's page-scale C2ST as training/retrace.py's page_c2st keeps it (the floor a bare accuracy). */
const pageC2st = (accuracy: number, perStyle: Record<string, number>) => ({
  accuracy,
  judge: 'small',
  n: 1500,
  folds: 2,
  resolution: 128,
  per_style: perStyle,
  floor: 0.4797,
});

/** A card as `python3 -m training retrace ... --make_default` writes it, on a two-style model. */
const card = () => ({
  id: 'sigil-64-20261201-5',
  styles: [
    { id: 'alchemical', label: 'Alchemical signs', trainImages: 1373 },
    { id: 'seal', label: 'Seals', trainImages: 1122 },
  ],
  derivedFrom: 'sigil-64-20261201-4',
  subpixel: true,
  retrace: {
    measured: '2026-12-07',
    command: 'python3 -m training retrace public/models/sigil-64-20261201-4 --as_id sigil-64-20261201-5 --make_default',
    c2stPage: {
      crackMidpoints: pageC2st(0.85, { alchemical: 0.83, seal: 0.9769 }),
      subpixel: pageC2st(0.7747, { alchemical: 0.7217, seal: 0.9269 }),
    },
    pairs: 1500,
    folds: 2,
  },
});

describe('cardRetrace', () => {
  it('reads the source model, both drawings by one judge, real against real, and each style under its label', () => {
    expect(cardRetrace(card())).toEqual({
      derivedFrom: 'sigil-64-20261201-4',
      measured: {
        judge: 'small classifier',
        resolution: 128,
        pairs: 1500,
        folds: 2,
        crackMidpoints: 0.85,
        subpixel: 0.7747,
        realVsReal: 0.4797,
        styles: [
          { id: 'alchemical', label: 'Alchemical signs', crackMidpoints: 0.83, subpixel: 0.7217 },
          { id: 'seal', label: 'Seals', crackMidpoints: 0.9769, subpixel: 0.9269 },
        ],
      },
      date: '2026-12-07',
      command: 'python3 -m training retrace public/models/sigil-64-20261201-4 --as_id sigil-64-20261201-5 --make_default',
    });
  });

  it('reads a retrace published with --no-measure, and a subpixel card with no record, as unmeasured', () => {
    const { measured, command } = card().retrace;
    const unmeasured = { measured, command };
    expect(cardRetrace({ ...card(), retrace: unmeasured })).toMatchObject({ derivedFrom: 'sigil-64-20261201-4', measured: null, date: '2026-12-07' });
    expect(cardRetrace({ id: 'sigil-64-20261210', subpixel: true })).toEqual({ derivedFrom: null, measured: null, date: null, command: null });
  });

  it('names a style the card does not list by its id, and leaves a figure one drawing lacks empty', () => {
    const c = card();
    c.retrace.c2stPage.subpixel.per_style = { alchemical: 0.7217, kamea: 0.799 };
    expect(cardRetrace(c)?.measured?.styles).toEqual([
      { id: 'alchemical', label: 'Alchemical signs', crackMidpoints: 0.83, subpixel: 0.7217 },
      { id: 'seal', label: 'Seals', crackMidpoints: 0.9769, subpixel: null },
      { id: 'kamea', label: 'kamea', crackMidpoints: null, subpixel: 0.799 },
    ]);
  });

  it('is null for no card, and for a card traced through crack midpoints as every model drew before', () => {
    expect(cardRetrace(null)).toBeNull();
    expect(cardRetrace({ id: 'sigil-64-20261201-4', metrics: { kid: 4 } })).toBeNull();
    expect(cardRetrace({ ...card(), subpixel: false })).toBeNull();
    expect(cardRetrace({ ...card(), subpixel: 'yes' })).toBeNull();
  });

  it('is null for a malformed record, and keeps the rest when only derivedFrom is not a model id', () => {
    const c = card();
    expect(cardRetrace({ ...c, retrace: 'yes' })).toBeNull();
    expect(cardRetrace({ ...c, retrace: { ...c.retrace, c2stPage: { subpixel: c.retrace.c2stPage.subpixel } } })).toBeNull();
    expect(cardRetrace({ ...c, retrace: { ...c.retrace, c2stPage: { ...c.retrace.c2stPage, subpixel: pageC2st(1.4, {}) } } })).toBeNull();
    expect(cardRetrace({ ...c, retrace: { ...c.retrace, pairs: '1500' } })).toBeNull();
    expect(cardRetrace({ ...c, derivedFrom: '../secret' })).toMatchObject({ derivedFrom: null, date: '2026-12-07' });
  });

  it('reads the shipped default model’s card: subpixel, derived from the model it retraced, and better at the page’s scale', async () => {
    const models = path.join(process.cwd(), 'public', 'models');
    const index = JSON.parse(await readFile(path.join(models, 'index.json'), 'utf8')) as { default: string };
    const shipped = JSON.parse(await readFile(path.join(models, index.default, 'model-card.json'), 'utf8')) as Record<string, unknown>;
    expect(shipped.subpixel).toBe(true);
    const r = cardRetrace(shipped);
    expect(r?.derivedFrom).toMatch(/^sigil-64-/);
    expect(r?.command).toMatch(/^python3 -m training retrace /);
    expect(r?.measured?.subpixel).toBeLessThan(r?.measured?.crackMidpoints ?? 0);
    expect(r?.measured?.styles.length).toBeGreaterThan(1);
    expect(r?.measured?.styles.every((s) => s.label !== s.id)).toBe(true);
  });
});

describe('OutlineSummary', () => {
  const render = (props: Parameters<typeof OutlineSummary>[0]) => renderToStaticMarkup(createElement(OutlineSummary, props));

  it('says how the outline is drawn, both figures with what the judge is, each style, the command and the source’s link', () => {
    const html = render({ retrace: cardRetrace(card()), sourceListed: true });
    expect(html).toContain('data-testid="outline"');
    expect(html).toMatch(/follows the\s+edge the generator itself drew, placed between pixel centres with sub-pixel precision, instead of the staircase/);
    expect(html).toMatch(/<a[^>]*href="\/models\/sigil-64-20261201-4"[^>]*>sigil-64-20261201-4<\/a>/);
    expect(html).toMatch(/A small classifier trained to tell real symbols from generated ones, drawn at 128 px as this page\s+draws them/);
    expect(html).toMatch(/<strong class="tabular-nums">85%<\/strong>.*staircase outline and <strong class="tabular-nums">77.5%<\/strong> with this one; 50% means it\s+cannot tell \(real symbols against real ones: 48%\)/);
    expect(html).toMatch(/data-testid="outline-style-alchemical".*Alchemical signs<\/th><td[^>]*>83%<\/td><td[^>]*>72.2%<\/td>/);
    expect(html).toMatch(/data-testid="outline-style-seal".*Seals<\/th><td[^>]*>97.7%<\/td><td[^>]*>92.7%<\/td>/);
    expect(html).toMatch(/1,500 pairs in 2 folds by glyph group/);
    expect(html).toMatch(/measured 2026-12-07 with <code[^>]*>python3 -m training retrace public\/models\/sigil-64-20261201-4 --as_id sigil-64-20261201-5 --make_default<\/code>/);
  });

  it('names the source without a link when the site does not list it, and shows no figures when unmeasured', () => {
    const html = render({ retrace: { ...cardRetrace(card())!, measured: null }, sourceListed: false });
    expect(html).not.toContain('href=');
    expect(html).toContain('sigil-64-20261201-4');
    expect(html).not.toContain('<table');
    expect(html).not.toMatch(/%/);
    expect(html).toMatch(/Outlines traced again 2026-12-07 with <code/);
  });

  it('renders nothing for a model traced through crack midpoints', () => {
    expect(render({ retrace: null, sourceListed: false })).toBe('');
  });
});
