import { afterEach, describe, expect, it, vi } from 'vitest';

import { saveMade } from '@/lib/browser/download';

/** Just enough of a DOM for saveBlob: an anchor whose click is recorded. */
function fakeDocument() {
  const clicked: { href: string; download: string }[] = [];
  const anchor = { href: '', download: '', click: () => clicked.push({ href: anchor.href, download: anchor.download }), remove: () => undefined };
  vi.stubGlobal('document', { createElement: () => anchor, body: { appendChild: () => undefined } });
  return clicked;
}

describe('saveMade', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('saves the made file under its name and resolves to null', async () => {
    const clicked = fakeDocument();
    expect(await saveMade('sigil-7.svg', () => new Blob(['<svg/>'], { type: 'image/svg+xml' }))).toBeNull();
    expect(clicked).toHaveLength(1);
    expect(clicked[0]!.download).toBe('sigil-7.svg');
    expect(clicked[0]!.href).toMatch(/^blob:/);
  });

  it('resolves to the reason when making the file fails, and saves nothing', async () => {
    const clicked = fakeDocument();
    await expect(saveMade('x.png', async () => Promise.reject(new Error('PNG encoding failed.')))).resolves.toBe('PNG encoding failed.');
    await expect(saveMade('x.png', () => { throw 'no canvas'; })).resolves.toBe('no canvas');
    expect(clicked).toHaveLength(0);
  });
});
