import { describe, expect, it } from 'vitest';

import { symbolAtAddress } from '@/lib/browser/symbol-address';
import { seedPath } from '@/lib/links';

const styled = { id: 'sigil-64-20261201', styles: [{ id: 'runes' }, { id: 'seals' }] };
const at = (path: string, model: Parameters<typeof symbolAtAddress>[1] = styled) => symbolAtAddress(new URL(path, 'https://example.test'), model);

describe('symbolAtAddress', () => {
  it('reads back the seed and style of every seed link the site writes', () => {
    for (const seed of ['courage', 'a sigil for courage', 'ⵣ amazigh', '🔥🜂', '../', 'a/b? #c', '100%']) {
      expect(at(seedPath(seed)), seed).toEqual({ seed, style: null });
      expect(at(seedPath(seed, 'sigil-64-20261123', 0.7, 'runes')), seed).toEqual({ seed, style: 'runes' });
    }
  });

  it('names no seed on the homepage or any other page, and no style the model lacks', () => {
    expect(at('/')).toEqual({ seed: null, style: null });
    expect(at('/?k=seals')).toEqual({ seed: null, style: 'seals' });
    expect(at('/gallery?page=2')).toEqual({ seed: null, style: null });
    expect(at('/s/courage/extra')).toEqual({ seed: null, style: null });
    expect(at('/s/courage?k=no-such-style')).toEqual({ seed: 'courage', style: null });
    expect(at('/s/courage?k=runes', { id: 'plain-64-20261123' })).toEqual({ seed: 'courage', style: null });
  });

  it('names no seed where the seed page would show an error', () => {
    expect(at(`/s/${'x'.repeat(65)}`).seed).toBeNull();
    expect(at('/s/%ZZ').seed).toBeNull();
  });
});
