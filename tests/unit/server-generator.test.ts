import { describe, expect, it } from 'vitest';

import { readModelIndex } from '@/lib/server/model-files';
import { renderOnServer, serverGenerator } from '@/lib/server/generator';
import { pathDataToMask } from '@/lib/raster';
import { SYMBOL_VIEWBOX } from '@/lib/symbol';

const index = await readModelIndex();

describe.skipIf(!index)('server-side rendering with the shipped model', () => {
  it('loads once per process and renders a seed to a mask and an outline that agree', async () => {
    const [a, b] = await Promise.all([serverGenerator(null), serverGenerator(null)]);
    expect(a).toBe(b);
    expect(a.backend).toBe('wasm');
    const [first, again] = [...(await renderOnServer(['courage'])), ...(await renderOnServer(['courage']))];
    expect(again!.pathData).toBe(first!.pathData);
    const n = first!.resolution;
    const back = pathDataToMask(first!.pathData, n, n, n / SYMBOL_VIEWBOX);
    let same = 0;
    for (let i = 0; i < back.length; i++) if (back[i] === first!.mask[i]) same++;
    expect(same / back.length).toBeGreaterThanOrEqual(0.97);
  });

  it('names the valid models for an unknown id', async () => {
    await expect(serverGenerator('no-such-model')).rejects.toThrow(/There is no model "no-such-model"\. Models on this site: /);
  });
});
