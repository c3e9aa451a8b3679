import { describe, expect, it, vi } from 'vitest';

import { canShareLink, shareLink } from '@/lib/browser/share-link';

const DATA = { url: 'https://example.test/s/courage?m=sigil-64-20261201', title: '“courage” · This Symbol Does Not Exist' };
const failure = (name: string) => Object.assign(new Error(name), { name });

describe('shareLink', () => {
  it('copies the link where the browser has no share sheet', async () => {
    const copy = vi.fn(async () => undefined);
    expect(canShareLink({})).toBe(false);
    expect(await shareLink(DATA, {}, copy)).toBe('copied');
    expect(copy).toHaveBeenCalledWith(DATA.url);
  });

  it('hands title and link to the share sheet where there is one, and copies nothing', async () => {
    const share = vi.fn(async () => undefined);
    const copy = vi.fn(async () => undefined);
    expect(await shareLink(DATA, { share }, copy)).toBe('shared');
    expect(share).toHaveBeenCalledWith(DATA);
    expect(copy).not.toHaveBeenCalled();
  });

  it('does nothing more when the visitor closes the sheet', async () => {
    const copy = vi.fn(async () => undefined);
    expect(await shareLink(DATA, { share: async () => Promise.reject(failure('AbortError')) }, copy)).toBe('cancelled');
    expect(copy).not.toHaveBeenCalled();
  });

  it('copies instead when the sheet is refused, or cannot take a link', async () => {
    const copy = vi.fn(async () => undefined);
    expect(await shareLink(DATA, { share: async () => Promise.reject(failure('NotAllowedError')) }, copy)).toBe('copied');
    const share = vi.fn(async () => undefined);
    expect(await shareLink(DATA, { share, canShare: () => false }, copy)).toBe('copied');
    expect(share).not.toHaveBeenCalled();
    expect(copy).toHaveBeenCalledTimes(2);
  });
});
