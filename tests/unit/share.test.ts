/** Share pieces: request validation, ETag matching, card fonts, the public URL and the sample seeds. */
import { describe, expect, it } from 'vitest';

import { IMAGE_SIZE, parseSizeParam, parseSymbolFile } from '@/lib/route-params';
import { sampleSeeds } from '@/lib/seeds/sample-seeds';
import { parseSeed } from '@/lib/seeds/seed';
import { cardFonts, drawableRuns } from '@/lib/server/fonts';
import { etagMatches, strongEtag } from '@/lib/server/http';
import { originFromHeaders } from '@/lib/server/origin';
import { configuredSiteUrl } from '@/lib/site-url';

describe('image request parameters', () => {
  it('splits <seed>.<format> at the last dot and validates the seed like /s/<seed>', () => {
    expect(parseSymbolFile('a.b.png')).toEqual({ ok: true, seed: 'a.b', format: 'png' });
    expect(parseSymbolFile('a%20sigil.svg')).toEqual({ ok: true, seed: 'a sigil', format: 'svg' });
    expect(parseSymbolFile('x.svg', ['png'])).toMatchObject({ ok: false, error: expect.stringMatching(/\.png/) });
    expect(parseSymbolFile('.png')).toMatchObject({ ok: false, error: expect.stringMatching(/empty/) });
  });

  it('size: default 512, whole numbers 64..2048 only', () => {
    expect(parseSizeParam(null)).toEqual({ ok: true, size: IMAGE_SIZE.default });
    expect(parseSizeParam('64')).toEqual({ ok: true, size: 64 });
    expect(parseSizeParam('2048')).toEqual({ ok: true, size: 2048 });
    for (const bad of ['63', '2049', 'x', '', ' 512', '512px', '0x200']) expect(parseSizeParam(bad).ok, bad).toBe(false);
  });
});

describe('ETags', () => {
  it('are strong, differ with any part, and If-None-Match compares weakly', () => {
    const a = strongEtag(['x', 1]);
    expect(a).toMatch(/^"[^"]+"$/);
    expect(strongEtag(['x', 2])).not.toBe(a);
    expect(strongEtag(['x1', ''])).not.toBe(strongEtag(['x', '1'])); // parts are length-prefixed
    expect(etagMatches(a, a)).toBe(true);
    expect(etagMatches(`W/${a}`, a)).toBe(true);
    expect(etagMatches(`"x", ${a}`, a)).toBe(true);
    expect(etagMatches('*', a)).toBe(true);
    expect(etagMatches(null, a)).toBe(false);
    expect(etagMatches('"other"', a)).toBe(false);
  });
});

describe('share card fonts', () => {
  const fonts = cardFonts();

  it('are all local files with a readable cmap', () => {
    expect(fonts.map((f) => f.name)).toEqual(expect.arrayContaining(['Cormorant Garamond latin', 'Cinzel', 'Geist', 'Noto Symbols', 'Noto Symbols 2', 'Noto Emoji']));
    const has = (name: string, ch: string) => fonts.find((f) => f.name === name)!.covers(ch.codePointAt(0)!);
    expect(has('Cinzel', 'A')).toBe(true);
    expect(has('Cinzel', '中')).toBe(false);
    expect(has('Cormorant Garamond latin', 'a')).toBe(true);
    expect(has('Cormorant Garamond cyrillic', 'Ж')).toBe(true);
    expect(has('Geist', 'Ж')).toBe(true);
    expect(has('Noto Symbols', '🜂')).toBe(true);
    expect(has('Noto Symbols 2', '☉')).toBe(true);
  });

  it('replace what no font can draw, and split runs where next/og would pick the wrong font', () => {
    expect(drawableRuns('a sigil for courage', fonts)).toEqual(['a sigil for courage']);
    expect(drawableRuns('中文 Ωmega', fonts).join('')).toBe('·· Ωmega');
    // 🔥 (Noto Emoji) and 🜂 (Noto Symbols) share their high surrogate: separate runs.
    const runs = drawableRuns('🔥🜂', fonts);
    expect(runs.join('')).toBe('🔥🜂');
    expect(runs.length).toBe(2);
    expect(drawableRuns('❤️ love', fonts).join('')).toBe('❤ love');
  });
});

describe('site URL', () => {
  it('SITE_URL must be an http(s) origin; the error says how to fix it', () => {
    expect(configuredSiteUrl({})).toBeNull();
    expect(configuredSiteUrl({ SITE_URL: 'https://example.com/' })).toBe('https://example.com');
    expect(() => configuredSiteUrl({ SITE_URL: 'example.com' })).toThrow(/SITE_URL.*absolute http\(s\) URL/);
    expect(() => configuredSiteUrl({ SITE_URL: 'https://example.com/app' })).toThrow(/origin only/);
    expect(() => configuredSiteUrl({ SITE_URL: 'ftp://example.com' })).toThrow(/SITE_URL/);
  });

  it('falls back to the request host, trusting only well-formed hosts', () => {
    const h = (o: Record<string, string>) => new Headers(o);
    expect(originFromHeaders(h({ host: 'example.com:3000' }))).toBe('http://example.com:3000');
    expect(originFromHeaders(h({ host: 'internal', 'x-forwarded-host': 'symbols.example', 'x-forwarded-proto': 'https' }))).toBe('https://symbols.example');
    expect(originFromHeaders(h({ host: 'evil.com/<script>' }))).toBe('http://localhost:3000');
  });
});

describe('sample seeds', () => {
  it('are 100 distinct valid seeds, the same on every call', () => {
    const seeds = sampleSeeds();
    expect(seeds).toHaveLength(100);
    expect(new Set(seeds).size).toBe(100);
    for (const s of seeds) expect(parseSeed(s)).toEqual({ ok: true, seed: s });
    expect(sampleSeeds()).toEqual(seeds);
    expect(seeds[0]).toBe('a sigil for courage');
  });
});
