import { describe, expect, it } from 'vitest';

import { goldenSchema, modelIdSchema, parseModelIndex } from '@/lib/model/model-folder';
import { resolveModel } from '@/lib/model/model-index';

const entry = (id: string) => ({ id, resolution: 64, latentSize: 100, sha256: 'ab'.repeat(32), bytes: 1000, created: '2026-11-22' });
const index = { version: 1, default: 'sigil-64-20261122', models: [entry('sigil-64-20261122'), entry('sigil-64-20261101')] };

describe('index.json', () => {
  it('parses a valid index', () => {
    expect(parseModelIndex(index).default).toBe('sigil-64-20261122');
  });

  it('rejects an index whose default is not listed, or with bad ids and hashes', () => {
    expect(() => parseModelIndex({ ...index, default: 'other-64-20261122' })).toThrow(/default model "other-64-20261122" is not in models/);
    expect(() => parseModelIndex({ ...index, models: [{ ...entry('../etc'), id: '../etc' }] })).toThrow(/index.json is not valid/);
    expect(() => parseModelIndex({ ...index, models: [{ ...entry('sigil-64-20261122'), sha256: 'nope' }] })).toThrow(/sha256/);
  });

  it('an entry may list a critic that resamples its seeds (resample), with K from 1 to 16 in critic/', () => {
    const resample = { folder: 'critic', sha256: 'CD'.repeat(32), bytes: 80124, k: 4 };
    const withResample = (r: object) => ({ ...index, models: [{ ...entry('sigil-64-20261122'), resample: r }] });
    expect(parseModelIndex(withResample(resample)).models[0]!.resample).toEqual({ ...resample, sha256: 'cd'.repeat(32) });
    expect(parseModelIndex(index).models[0]!.resample).toBeUndefined();
    expect(parseModelIndex(withResample({ ...resample, k: 16 })).models[0]!.resample?.k).toBe(16);
    const error = (r: object) => () => parseModelIndex(withResample(r));
    expect(error({ ...resample, k: 0 })).toThrow('index.json is not valid: models.0.resample.k: resample.k (the candidates per seed) must be 1 to 16.');
    expect(error({ ...resample, k: 17 })).toThrow('index.json is not valid: models.0.resample.k: resample.k (the candidates per seed) must be 1 to 16.');
    expect(error({ ...resample, k: 2.5 })).toThrow('models.0.resample.k: resample.k (the candidates per seed) must be a whole number.');
    expect(error({ ...resample, folder: 'encoder' })).toThrow('index.json is not valid: models.0.resample.folder: resample.folder must be "critic", the folder the critic is exported to.');
    expect(error({ ...resample, sha256: 'nope' })).toThrow(/models.0.resample.sha256: sha256 must be 64 hex digits/);
  });

  it('model ids follow the contract', () => {
    expect(modelIdSchema.safeParse('sigil-64-20261122-2').success).toBe(true);
    for (const bad of ['Sigil', 'a_b', '../x', 'a--b', '-a', 'a'.repeat(49), '']) expect(modelIdSchema.safeParse(bad).success).toBe(false);
  });
});

describe('resolveModel', () => {
  const parsed = parseModelIndex(index);
  it('uses the default without ?m', () => {
    const r = resolveModel(parsed, null);
    expect(r.ok && r.model.id).toBe('sigil-64-20261122');
    expect(r.ok && r.isDefault).toBe(true);
  });
  it('finds an older model by id', () => {
    const r = resolveModel(parsed, 'sigil-64-20261101');
    expect(r.ok && r.model.id).toBe('sigil-64-20261101');
    expect(r.ok && r.isDefault).toBe(false);
  });
  it('names the valid models when the id is unknown', () => {
    expect(resolveModel(parsed, 'nope-64-20200101')).toEqual({
      ok: false,
      error: 'There is no model "nope-64-20200101". Models on this site: sigil-64-20261122, sigil-64-20261101.',
    });
  });
});

describe('styles (conditional models)', () => {
  const styles = [
    { id: 'alchemical', label: 'Alchemical signs' },
    { id: 'rune', label: 'Runes and Ogham' },
    { id: 'seal-2', label: 'Seals' },
  ];
  const withStyles = (list: object[]) => ({ ...index, models: [{ ...entry('sigil-64-20261122'), styles: list }] });

  it('index.json entries may list styles, in one-hot order; entries without them stay unconditional', () => {
    const parsed = parseModelIndex(withStyles(styles));
    expect(parsed.models[0]!.styles).toEqual(styles);
    expect(parseModelIndex(index).models[0]!.styles).toBeUndefined();
  });

  it('rejects duplicate style ids, fewer than 2 styles and ids outside [a-z][a-z0-9-]*', () => {
    expect(() => parseModelIndex(withStyles([...styles, { id: 'rune', label: 'Again' }]))).toThrow(/"rune" appears twice/);
    expect(() => parseModelIndex(withStyles(styles.slice(0, 1)))).toThrow(/at least 2 styles/);
    for (const id of ['Rune', '2rune', 'rune_1', '', '-rune']) {
      expect(() => parseModelIndex(withStyles([{ id, label: 'Bad' }, ...styles]))).toThrow(/index.json is not valid: models.0.styles/);
    }
  });

  const golden = { modelId: 'sigil-64-20261122', latentSize: 2, resolution: 4, latents: [[0, 1], [1, 0]], outputs: [[0], [0]], atol: 0.001 };

  it('golden.json may give each latent a style index', () => {
    expect(goldenSchema.parse({ ...golden, styles: [2, 0] }).styles).toEqual([2, 0]);
    expect(goldenSchema.parse(golden).styles).toBeUndefined();
  });

  it('golden.json styles are whole numbers from 0, one per latent', () => {
    for (const bad of [[1.5, 0], [-1, 0], ['1', 0]]) expect(goldenSchema.safeParse({ ...golden, styles: bad }).success).toBe(false);
    expect(() => goldenSchema.parse({ ...golden, styles: [0] })).toThrow(/1 styles for 2 latents/);
  });
});
