/**
 * The named sliders on the site (lib/sliders): sliders.json checked and parsed, the ?e= text's one spelling and its
 * clear refusals, and the shift it adds to z, pinned by golden values so the browser and the server (the same code)
 * and any later change agree bit for bit.
 */
import fc from 'fast-check';

import { fileModelSource, readModelIndex } from '@/lib/server/model-files';
import { resolveModel } from '@/lib/model/model-index';
import { describe, expect, it } from 'vitest';

import { sha256Hex } from '@/lib/bytes';
import type { ModelEntry } from '@/lib/model/model-folder';
import { seedInput } from '@/lib/render/symbol';
import { seedToLatent } from '@/lib/seeds/seed';
import { formatEdits, parseEdits, snapOffset } from '@/lib/sliders/edits';
import { sliderShift } from '@/lib/sliders/offsets';
import { shiftLatent } from '@/lib/sliders/shift';
import { loadSliders, parseSlidersFile, SlidersFileError } from '@/lib/sliders/sliders-file';

const MODEL = { id: 'test-64', latentSize: 4 };

function b64(values: number[]): string {
  const bytes = new Uint8Array(new Float32Array(values).buffer);
  return Buffer.from(bytes).toString('base64');
}

const FILE_JSON = {
  version: 1,
  modelId: 'test-64',
  latentSize: 4,
  method: 'sefa',
  range: 3,
  sliders: [
    { id: 'ink', label: 'Ink', less: 'less ink', more: 'more ink', measure: 'ink', direction: b64([1, 0, 0, 0]) },
    { id: 'symmetry', label: 'Symmetry', less: 'less symmetric', more: 'more symmetric', measure: 'symmetry', direction: b64([0, 0.6, 0.8, 0]) },
    { id: 'ink-2', label: 'Ink 2', less: 'less ink', more: 'more ink', measure: 'ink', direction: b64([0, 0, 0, -1]) },
  ],
};
const bytesOf = (json: unknown) => new TextEncoder().encode(JSON.stringify(json));
const FILE = parseSlidersFile(MODEL, bytesOf(FILE_JSON));

describe('sliders.json', () => {
  it('parses into unit directions with their names', () => {
    expect(FILE.range).toBe(3);
    expect(FILE.sliders.map((s) => s.id)).toEqual(['ink', 'symmetry', 'ink-2']);
    const symmetry = FILE.sliders[1]!;
    expect(symmetry.kind === 'direction' && [...symmetry.direction]).toEqual([0, Math.fround(0.6), Math.fround(0.8), 0]);
    expect(FILE.sliders.map((s) => s.range)).toEqual([3, 3, 3]);
  });

  it('refuses a file for another model, not unit directions, bad ranges and duplicates, naming the file', () => {
    const bad = (patch: object) => () => parseSlidersFile(MODEL, bytesOf({ ...FILE_JSON, ...patch }));
    expect(bad({ modelId: 'other' })).toThrow(/for model "other"/);
    expect(bad({ range: 0.25 })).toThrow(/multiple of 0.1/);
    expect(bad({ sliders: [{ ...FILE_JSON.sliders[0], direction: b64([2, 0, 0, 0]) }] })).toThrow(/not a unit direction/);
    expect(bad({ sliders: [{ ...FILE_JSON.sliders[0], direction: b64([1, 0, 0]) }] })).toThrow(/not a unit direction of 4/);
    expect(bad({ sliders: [FILE_JSON.sliders[0], FILE_JSON.sliders[0]] })).toThrow(/twice/);
    expect(() => parseSlidersFile(MODEL, new TextEncoder().encode('{'))).toThrow(SlidersFileError);
  });

  it('is checked against index.json’s sha256 before use', async () => {
    const bytes = bytesOf(FILE_JSON);
    const entry = { ...MODEL, sliders: { file: 'sliders.json' as const, sha256: await sha256Hex(bytes), bytes: bytes.length, count: 3 } } as unknown as ModelEntry;
    const source = { read: async () => bytes };
    expect((await loadSliders(entry, source))!.sliders).toHaveLength(3);
    const damaged = { read: async () => bytesOf({ ...FILE_JSON, range: 2 }) };
    await expect(loadSliders(entry, damaged)).rejects.toThrow(/corrupt: its sha256/);
    expect(await loadSliders({ ...entry, sliders: undefined }, source)).toBeNull();
  });
});

describe('the shipped default model’s sliders.json', () => {
  it('matches its index.json entry and parses: unit directions, named by their measures, each with its monotonic share', async () => {
    const resolved = resolveModel((await readModelIndex())!, null);
    if (!resolved.ok) throw new Error(resolved.error);
    const file = await loadSliders(resolved.model, fileModelSource());
    expect(file, 'the default model ships sliders.json').not.toBeNull();
    expect(file!.sliders.length).toBe(resolved.model.sliders!.count);
    for (const slider of file!.sliders) {
      // training/sefa.py MEASURES (training/slider_field.py names its paths by the same).
      expect(['ink', 'stroke', 'parts', 'symmetry', 'roundness', 'lean', 'rise', 'width', 'height', 'holes', 'level', 'size', 'middle', 'aspect', 'rim']).toContain(
        slider.measure,
      );
      expect(slider.monotonic).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('?e=', () => {
  it('round-trips any offsets on the grid, in one spelling', () => {
    const offset = fc.integer({ min: -30, max: 30 }).map((n) => n / 10);
    fc.assert(
      fc.property(fc.tuple(offset, offset, offset), (offsets) => {
        const text = formatEdits(offsets);
        const back = parseEdits(text, FILE);
        expect(back).toEqual({ ok: true, offsets: offsets.map((v) => v + 0) });
        expect(formatEdits(back.ok ? back.offsets : [])).toBe(text);
      }),
    );
    expect(formatEdits([1.5, 0, -2])).toBe('0:1.5,2:-2');
    expect(formatEdits([0, 0, 0])).toBe('');
  });

  it('refuses every other spelling with a sentence', () => {
    for (const [text, why] of [
      ['0:1.50', /cannot be read/],
      ['0:01', /cannot be read/],
      ['0:-0', /not how links write it/],
      ['0:+1', /cannot be read/],
      ['2:1,0:1', /once, in order/],
      ['0:1,0:2', /once, in order/],
      ['3:1', /slider 3; this model has 3/],
      ['0:3.1', /past ±3/],
      ['0:0', /not how links write it/],
      ['0:1e1', /cannot be read/],
      ['0:1;1:2', /cannot be read/],
      ['x'.repeat(100), /longer/],
    ] as const) {
      const result = parseEdits(text, FILE);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toMatch(why);
    }
    expect(parseEdits('', FILE)).toEqual({ ok: true, offsets: [0, 0, 0] });
  });

  it('snaps a slider’s value to the grid and the range', () => {
    expect(snapOffset(1.26, 3)).toBe(1.3);
    expect(snapOffset(-7, 3)).toBe(-3);
    expect(Object.is(snapOffset(-0.01, 3), 0)).toBe(true);
  });
});

describe('the shift', () => {
  it('adds each moved direction times its offset to z after truncation (golden values)', () => {
    const shift = sliderShift(FILE, [1.5, -2, 0.5])!;
    expect(shift.edits).toBe('0:1.5,1:-2,2:0.5');
    expect([...shift.delta!]).toEqual([1.5, Math.fround(-1.2000000476837158), Math.fround(-1.6000000238418579), -0.5]);
    expect(shift.moves).toEqual([]);
    const z = Float32Array.of(0.25, -1, 2, 0.125);
    expect([...shiftLatent(z, shift, null)]).toEqual([1.75, Math.fround(-2.200000047683716), Math.fround(0.3999999761581421), -0.375]);
    expect(sliderShift(FILE, [0, 0, 0])).toBeNull();
    // A seed's input: truncation first, then the shift, and the style one-hot untouched.
    const model = { id: 'test-64', latentSize: 4, styles: [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }] };
    const base = seedToLatent('luna', model.latentSize);
    const plain = seedInput(model, 'luna', base, { psi: 0.5, style: 'b' });
    const moved = seedInput(model, 'luna', base, { psi: 0.5, style: 'b', shift });
    expect([...moved.latent]).toEqual([...plain.latent].map((v, i) => Math.fround(v + shift.delta![i]!)));
    expect(moved.style).toEqual(plain.style);
  });
});
