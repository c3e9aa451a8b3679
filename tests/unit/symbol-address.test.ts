import { describe, expect, it } from 'vitest';

import { symbolAtAddress } from '@/lib/browser/symbol-address';
import { seedPath } from '@/lib/links';
import { parseStyleParam } from '@/lib/route-params';

const styled = { id: 'sigil-64-20261201', styles: [{ id: 'runes' }, { id: 'seals' }] };
const at = (path: string, model: Parameters<typeof symbolAtAddress>[1] = styled) => symbolAtAddress(new URL(path, 'https://example.test'), model);

describe('symbolAtAddress', () => {
  it('reads back the seed and style of every seed link the site writes', () => {
    for (const seed of ['courage', 'a sigil for courage', 'ⵣ amazigh', '🔥🜂', '../', 'a/b? #c', '100%']) {
      expect(at(seedPath(seed)), seed).toEqual({ seed, style: null, edits: '' });
      expect(at(seedPath(seed, 'sigil-64-20261123', 0.7, 'runes')), seed).toEqual({ seed, style: 'runes', edits: '' });
      expect(at(seedPath(seed, null, 1, null, '0:1.5,3:-2')), seed).toEqual({ seed, style: null, edits: '0:1.5,3:-2' });
    }
  });

  it('reads ?e= as written, the homepage’s too; checking it needs the model’s sliders', () => {
    expect(at('/?e=0:1.5').edits).toBe('0:1.5');
    expect(at('/s/courage?e=0%3A-2').edits).toBe('0:-2');
    expect(at('/s/courage?e=nonsense').edits).toBe('nonsense');
  });

  it('names no seed on the homepage or any other page, and no style the model lacks', () => {
    expect(at('/')).toEqual({ seed: null, style: null, edits: '' });
    expect(at('/?k=seals')).toEqual({ seed: null, style: 'seals', edits: '' });
    expect(at('/gallery?page=2')).toEqual({ seed: null, style: null, edits: '' });
    expect(at('/s/courage/extra')).toEqual({ seed: null, style: null, edits: '' });
    expect(at('/s/courage?k=no-such-style')).toEqual({ seed: 'courage', style: null, edits: '' });
    expect(at('/s/courage?k=runes', { id: 'plain-64-20261123' })).toEqual({ seed: 'courage', style: null, edits: '' });
  });

  it('names no seed where the seed page would show an error', () => {
    expect(at(`/s/${'x'.repeat(65)}`).seed).toBeNull();
    expect(at('/s/%ZZ').seed).toBeNull();
  });
});

describe('symbolAtAddress and the seed page', () => {
  it('read ?k= alike: the style the seed page draws for every k, or none where it draws the seed’s own', () => {
    const plain = { id: 'plain-64-20261123' };
    for (const k of ['runes', ' seals ', '', ' ', 'no-such-style', 'RUNES', 'runes,seals']) {
      for (const model of [styled, plain]) {
        const page = parseStyleParam(k, model);
        const expected = page.ok ? page.style : null;
        expect(at(`/s/courage?k=${encodeURIComponent(k)}`, model).style, `${model.id} k=${JSON.stringify(k)}`).toBe(expected);
      }
    }
  });
});
