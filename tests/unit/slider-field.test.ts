/**
 * Field sliders (sliders.json version 2, lib/sliders/field): the learned field read from its float16 weights and
 * checked, followed in steps exactly as training/slider_field.py `follow` does (the shipped default's golden values),
 * and mixed with straight sliders in one shift that the browser and the server apply with the same code.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { resolveModel } from '@/lib/model/model-index';
import { fileModelSource, readModelIndex } from '@/lib/server/model-files';
import { followField, type SliderField } from '@/lib/sliders/field';
import { sliderShift } from '@/lib/sliders/offsets';
import { shiftLatent } from '@/lib/sliders/shift';
import { loadSliders, parseSlidersFile } from '@/lib/sliders/sliders-file';
import { toHalfBits } from '@/lib/latent/float16';

const MODEL = {
  id: 'test-64',
  latentSize: 2,
  styles: [
    { id: 'a', label: 'A' },
    { id: 'b', label: 'B' },
  ],
};

const halves = (values: number[]) => {
  const bytes = new Uint8Array(2 * values.length);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setUint16(2 * i, toHalfBits(v), true));
  return Buffer.from(bytes).toString('base64');
};
const floats = (values: number[]) => Buffer.from(new Uint8Array(new Float32Array(values).buffer)).toString('base64');

/**
 * A field on z of size 2, two styles, two heads: one hidden ReLU layer of 2 units that copies z's first value and the
 * head-0 flag; out = [h0 + 1, h1]: head 0 moves along (z0 + 1, 1) where z0 > 0, head 1 along (z0 + 1, 0).
 * Inputs: [z0, z1, style0, style1, head0, head1].
 */
const FIELD_JSON = {
  styles: 2,
  heads: 2,
  step: 0.1,
  layers: [
    { inputs: 6, units: 2, kernel: halves([1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0]), bias: halves([0, 0]) },
    { inputs: 2, units: 2, kernel: halves([1, 0, 0, 1]), bias: halves([1, 0]) },
  ],
};
const FILE_JSON = {
  version: 2,
  modelId: 'test-64',
  latentSize: 2,
  method: 'sefa, field',
  range: 3,
  fields: [FIELD_JSON],
  sliders: [
    { id: 'stroke', label: 'Stroke width', less: 'thinner', more: 'bolder', measure: 'stroke', direction: floats([0, 1]) },
    { id: 'ink', label: 'Ink', less: 'less ink', more: 'more ink', measure: 'ink', field: 0, head: 0, range: 1 },
    { id: 'width', label: 'Width', less: 'narrower', more: 'wider', measure: 'width', field: 0, head: 1, range: 1 },
  ],
};
const bytesOf = (json: unknown) => new TextEncoder().encode(JSON.stringify(json));
const FILE = parseSlidersFile(MODEL, bytesOf(FILE_JSON));
const field = (i: number): SliderField => {
  const slider = FILE.sliders[i]!;
  if (slider.kind !== 'field') throw new Error('not a field slider');
  return slider.field;
};

describe('sliders.json version 2', () => {
  it('reads straight and field sliders, each with its own range', () => {
    expect(FILE.sliders.map((s) => [s.id, s.kind, s.range])).toEqual([
      ['stroke', 'direction', 3],
      ['ink', 'field', 1],
      ['width', 'field', 1],
    ]);
    expect(field(1).layers.map((l) => [l.inputs, l.units])).toEqual([
      [6, 2],
      [2, 2],
    ]);
  });

  it('refuses fields that do not chain from [z | style | head] to z, and sliders naming what is not there', () => {
    const bad = (patch: object) => () => parseSlidersFile(MODEL, bytesOf({ ...FILE_JSON, ...patch }));
    const layer0 = FIELD_JSON.layers[0]!;
    expect(bad({ fields: [{ ...FIELD_JSON, layers: [{ ...layer0, inputs: 5 }, FIELD_JSON.layers[1]] }] })).toThrow(/layer 0 does not fit/);
    expect(bad({ fields: [{ ...FIELD_JSON, layers: [layer0, { ...FIELD_JSON.layers[1], units: 3 }] }] })).toThrow(/does not fit/);
    expect(bad({ fields: [{ ...FIELD_JSON, step: 0.25 }] })).toThrow(/step/);
    // A field fitted with another model's styles would read the wrong one-hot: refused, not followed.
    expect(() => parseSlidersFile({ ...MODEL, styles: undefined }, bytesOf(FILE_JSON))).toThrow(/field 0 is for 2 styles, the model has 0/);
    expect(bad({ sliders: [{ ...FILE_JSON.sliders[1], head: 2 }] })).toThrow(/head/);
    expect(bad({ sliders: [{ ...FILE_JSON.sliders[1], field: 1 }] })).toThrow(/field/);
    expect(bad({ sliders: [{ ...FILE_JSON.sliders[1], range: 3.5 }] })).toThrow(/range/);
    expect(bad({ version: 1 })).toThrow(/head|field|direction/);
  });
});

describe('following a field', () => {
  it('takes round(|amount| / step) unit steps, re-reading the direction each step (golden values)', () => {
    const z = Float64Array.of(0.5, 0);
    // Head 1: the direction is (z0 + 1, 0), always along +x: 7 steps of 0.1.
    expect([...followField(field(1), z, 0, 1, 0.7)].map((v) => +v.toFixed(12))).toEqual([1.2, 0]);
    // Head 0: (z0 + 1, 1) normalised, re-read after every step, so the path bends.
    const one = followField(field(1), z, null, 0, 0.1);
    const norm = Math.sqrt(1.5 * 1.5 + 1 * 1);
    expect([...one]).toEqual([0.5 + (0.1 / norm) * 1.5, (0.1 / norm) * 1]);
    const back = followField(field(1), z, null, 0, -0.2);
    expect(back[0]).toBeLessThan(0.5);
    expect(back[1]).toBeLessThan(0);
  });

  it('moving a then b the same way is moving a + b, bit for bit', () => {
    const step = fc.integer({ min: 0, max: 10 }).map((n) => n / 10);
    fc.assert(
      fc.property(step, step, fc.double({ min: -2, max: 2, noNaN: true }), fc.boolean(), (a, b, z0, negative) => {
        const sign = negative ? -1 : 1;
        const z = Float64Array.of(z0, 0.25);
        const twice = followField(field(1), followField(field(1), z, 1, 0, sign * a), 1, 0, sign * b);
        const once = followField(field(1), z, 1, 0, sign * Number((a + b).toFixed(1)));
        expect([...twice]).toEqual([...once]);
      }),
    );
  });

  it('joins straight and field sliders in one shift: the straight vector first, then each field move in order', () => {
    const shift = sliderShift(FILE, [1, 0.3, -0.2])!;
    expect(shift.edits).toBe('0:1,1:0.3,2:-0.2');
    expect([...shift.delta!]).toEqual([0, 1]);
    expect(shift.moves.map((m) => [m.head, m.amount])).toEqual([
      [0, 0.3],
      [1, -0.2],
    ]);
    const z = Float32Array.of(0.5, -1);
    const expected = followField(field(1), followField(field(1), Float64Array.of(0.5, 0), 1, 0, 0.3), 1, 1, -0.2);
    expect([...shiftLatent(z, shift, 1)]).toEqual([...Float32Array.from(expected)]);
    // Only field sliders moved: no straight vector, z goes into the field as it is.
    const fieldOnly = sliderShift(FILE, [0, 0, 0.4])!;
    expect(fieldOnly.delta).toBeNull();
    expect([...shiftLatent(z, fieldOnly, 0)]).toEqual([...Float32Array.from(followField(field(1), Float64Array.of(0.5, -1), 0, 1, 0.4))]);
  });
});

describe('the shipped default model’s field sliders', () => {
  it('follow their field as training measured them (sliders.json golden values, within float rounding)', async () => {
    const resolved = resolveModel((await readModelIndex())!, null);
    if (!resolved.ok) throw new Error(resolved.error);
    const file = (await loadSliders(resolved.model, fileModelSource()))!;
    const json = JSON.parse(new TextDecoder().decode(await fileModelSource().read(resolved.model.id, 'sliders.json'))) as {
      fields?: { golden: { latent: number[]; style: number | null; amount: number; moved: Record<string, number[]> } }[];
    };
    const fieldSliders = file.sliders.filter((s) => s.kind === 'field');
    expect(fieldSliders.length, 'the default ships field sliders').toBeGreaterThan(0);
    const golden = json.fields![0]!.golden;
    for (const slider of fieldSliders) {
      if (slider.kind !== 'field') continue;
      const moved = followField(slider.field, Float64Array.from(golden.latent.map(Math.fround)), golden.style, slider.head, golden.amount);
      const want = golden.moved[String(slider.head)]!;
      const worst = Math.max(...Array.from(Float32Array.from(moved), (v, i) => Math.abs(v - want[i]!)));
      expect(worst, `${slider.id}: the site's path against training's`).toBeLessThan(1e-5);
      // It moved: a field slider at its full range goes range units of z along its path.
      expect(Math.hypot(...Array.from(moved, (v, i) => v - golden.latent[i]!))).toBeGreaterThan(0.5 * golden.amount);
    }
  });
});
