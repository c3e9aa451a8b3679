/**
 * "Which one is real?" without a browser: the real set (sha256 check, decoding, fit to the model), rounds drawn the
 * same way for both symbols, the game's phases and the score kept in storage across visits.
 */
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';

import { describe, expect, it } from 'vitest';

import { realOrNotPath } from '@/lib/links';
import type { SymbolGenerator } from '@/lib/model/generator';
import { parseModelIndex, type ModelEntry } from '@/lib/model/model-folder';
import { RealOrNotGame, type GameState } from '@/lib/real-or-not/game';
import { loadRealSet, parseRealSet, realSymbolField, RealSetError, type RealSet } from '@/lib/real-or-not/real-set';
import { drawRound, planRound, type RandomInt, type ShownRound } from '@/lib/real-or-not/round';
import { foolRate, loadScore, saveScore, SCORE_STORAGE_KEY, scoreAfter, type ScoreStorage } from '@/lib/real-or-not/score';
import { renderSeeds, symbolFromField } from '@/lib/render/symbol';
import { sfc32 } from '@/lib/seeds/seed';
import { styleOneHot } from '@/lib/seeds/style';
import { fileModelSource, readModelIndex } from '@/lib/server/model-files';

const R = 16;
const STYLES = [
  { id: 'rune', label: 'Runes' },
  { id: 'seal', label: 'Seals' },
];

/** A ring of ink (or a bar for `bar`) on paper: a bitmap with outlines to trace. */
function bitmap(kind: 'ring' | 'bar'): boolean[] {
  return Array.from({ length: R * R }, (_, i) => {
    const [y, x] = [Math.floor(i / R), i % R];
    return kind === 'bar' ? x >= 6 && x < 10 && y >= 2 && y < 14 : Math.abs(Math.hypot(y - 7.5, x - 7.5) - 5) < 1.5;
  });
}

/** Bits as training/real_set.py packs them: row-major, most significant bit first. */
function pack(bitmaps: boolean[][]): Buffer {
  const out = Buffer.alloc((bitmaps.length * R * R) / 8);
  bitmaps.flat().forEach((ink, i) => {
    if (ink) out[i >> 3]! |= 0x80 >> (i & 7);
  });
  return out;
}

/** A real-symbols.json and the index.json entry that records it (its sha256, size and count). */
function asset(overrides: Record<string, unknown> = {}, bitmaps = [bitmap('ring'), bitmap('bar'), bitmap('ring')]) {
  const body = {
    version: 1,
    modelId: 'test-16-20261201',
    resolution: R,
    count: bitmaps.length,
    styles: ['rune', 'seal'],
    picked: { data: 'symbols', split: 'holdout', perStyle: 2, seed: 0 },
    bitmaps: deflateSync(pack(bitmaps)).toString('base64'),
    symbols: bitmaps.map((_, i) => ({
      style: i === 1 ? 'seal' : 'rune',
      source: { type: 'font', font: 'TestFont', codePoint: `U+16B${i}`, name: 'RUNIC', text: `U+16B${i} RUNIC in the font TestFont`, augmented: i > 0 },
    })),
    ...overrides,
  };
  const bytes = new TextEncoder().encode(JSON.stringify(body));
  const model: ModelEntry = parseModelIndex({
    version: 1,
    default: 'test-16-20261201',
    models: [
      {
        id: 'test-16-20261201',
        resolution: R,
        latentSize: 8,
        sha256: 'ab'.repeat(32),
        bytes: 100,
        styles: STYLES,
        realSymbols: { file: 'real-symbols.json', sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length, count: body.count },
      },
    ],
  }).models[0]!;
  return { bytes, model };
}

/** A generator that draws a bar for every input and remembers the style vectors it was given. */
function fakeGenerator(model: ModelEntry, options: { fail?: boolean } = {}) {
  const styles: Float32Array[] = [];
  const field = Float32Array.from(bitmap('bar'), (ink) => (ink ? -0.8 : 0.9));
  const generator: SymbolGenerator = {
    model,
    backend: 'cpu',
    fromCache: false,
    async generate(latents, given) {
      if (options.fail) throw new Error('The forward pass failed.');
      styles.push(...(given ?? []));
      return latents.map(() => field.slice());
    },
    critique: () => Promise.reject(new Error('This model has no critic.')),
    dispose() {},
  };
  return { generator, styles };
}

/** A seeded stand-in for Math.random (the seeds' own sfc32): the same rounds every run. */
function seededRandom(seed = 1): RandomInt {
  const next = sfc32(seed, 0x9e3779b9, 0x243f6a88, 0xb7e15162);
  return (n) => next() % n;
}

function memoryStorage(initial: Record<string, string> = {}): ScoreStorage & { data: Record<string, string> } {
  const data = { ...initial };
  return { data, getItem: (k) => data[k] ?? null, setItem: (k, v) => void (data[k] = v) };
}

describe('the real set', () => {
  it('decodes every bitmap, most significant bit first, into -1 (ink) and 1 (paper), with its style and source', async () => {
    const { bytes, model } = asset();
    const set = await parseRealSet(bytes, model);
    expect(set.symbols.map((s) => s.style)).toEqual([0, 1, 0]);
    expect(set.symbols[1]!.source.text).toBe('U+16B1 RUNIC in the font TestFont');
    const field = realSymbolField(set.symbols[1]!, R);
    expect([...field].map((v) => v < 0)).toEqual(bitmap('bar'));
    expect(new Set(field)).toEqual(new Set([-1, 1]));
  });

  it('puts pixel (row 0, column 0) in the first byte’s top bit', async () => {
    const one = Array.from({ length: R * R }, (_, i) => i === 0 || i === R + 7);
    const { bytes, model } = asset({}, [one]);
    const field = realSymbolField((await parseRealSet(bytes, model)).symbols[0]!, R);
    expect([...field.keys()].filter((i) => field[i]! < 0)).toEqual([0, R + 7]);
  });

  it('refuses bytes whose sha256 is not the one index.json records', async () => {
    const { bytes, model } = asset();
    const tampered = bytes.slice();
    tampered[tampered.length - 3]! ^= 1;
    await expect(parseRealSet(tampered, model)).rejects.toThrow(/real symbols of model "test-16-20261201" are corrupt: their sha256 is/);
  });

  it('refuses a file that is not this model’s', async () => {
    for (const [overrides, message] of [
      [{ modelId: 'other-16-20261201' }, /model "other-16-20261201"'s/],
      [{ resolution: 32 }, /symbols are 32 px, the model draws 16 px/],
      [{ styles: ['seal', 'rune'] }, /styles are not the model’s/],
      [{ count: 4 }, /lists 3 symbols, says 4/],
      [{ bitmaps: deflateSync(Buffer.alloc(10)).toString('base64') }, /hold 10 bytes, not 3 x 32/],
      [{ bitmaps: 'bm90IHpsaWI=' }, /do not inflate/],
      [{ version: 2 }, /is not valid: version/],
    ] as const) {
      const { bytes, model } = asset(overrides);
      await expect(parseRealSet(bytes, model), JSON.stringify(overrides)).rejects.toThrow(message);
    }
    const { bytes, model } = asset({ symbols: [0, 1, 2].map(() => ({ style: 'emoji', source: { type: 'font', text: 'x', augmented: false } })) });
    await expect(parseRealSet(bytes, model)).rejects.toThrow(/style "emoji", which the model does not draw/);
  });

  it('is missing, not an error, for a model without one', async () => {
    const { model } = asset();
    const { realSymbols, ...without } = model;
    expect(realSymbols).toBeDefined();
    await expect(loadRealSet(without, fileModelSource())).rejects.toThrow(new RealSetError('Model "test-16-20261201" ships no real symbols.'));
  });

  it('of the shipped default model verifies and decodes: every style equally, each a traceable symbol', async () => {
    const index = (await readModelIndex())!;
    const model = index.models.find((m) => m.id === index.default)!;
    const set = await loadRealSet(model, fileModelSource());
    expect(set.symbols).toHaveLength(model.realSymbols!.count);
    const perStyle = new Map<number | null, number>();
    for (const s of set.symbols) perStyle.set(s.style, (perStyle.get(s.style) ?? 0) + 1);
    expect(perStyle.size).toBe(model.styles?.length ?? 1);
    expect(new Set(perStyle.values()).size).toBe(1);
    const ink = set.symbols.map((s) => realSymbolField(s, set.resolution).filter((v) => v < 0).length / set.resolution ** 2);
    expect(Math.min(...ink)).toBeGreaterThan(0.01);
    expect(Math.max(...ink)).toBeLessThan(0.6);
    expect(symbolFromField(realSymbolField(set.symbols[0]!, set.resolution), set.resolution).outlines.length).toBeGreaterThan(0);
  });
});

describe('a round', () => {
  it('pairs a real symbol with one the network draws from a fresh seed in the same style, on a random side', async () => {
    const { bytes, model } = asset();
    const set = await parseRealSet(bytes, model);
    const random = seededRandom(7);
    const plans = Array.from({ length: 40 }, () => planRound(set, ['rune', 'seal'], random));
    expect(new Set(plans.map((p) => p.realSide))).toEqual(new Set(['left', 'right']));
    expect(new Set(plans.map((p) => p.seed)).size).toBe(40);
    for (const p of plans) expect(p.style).toBe(['rune', 'seal'][p.real.style!]);

    const { generator, styles } = fakeGenerator(model);
    const plan = plans.find((p) => p.real.style === 1)!;
    const round = await drawRound(generator, set, plan);
    expect(styles).toEqual([styleOneHot(1, 2)]);
    // Both drawn the same way: the real bitmap and the generated field each through the site's clean-up and tracing.
    const real = symbolFromField(realSymbolField(plan.real, R), R);
    const [generated] = await renderSeeds(generator, [plan.seed], { style: 'seal' });
    const [realShape, fakeShape] = plan.realSide === 'left' ? [round.left, round.right] : [round.right, round.left];
    expect(realShape.pathData).toBe(real.pathData);
    expect(fakeShape.pathData).toBe(generated!.pathData);
  });

  it("draws a subpixel model's symbol from its mask, as the real one is, not along its field as the studio does", async () => {
    const { bytes, model } = asset();
    const set = await parseRealSet(bytes, model);
    const plan = planRound(set, ['rune', 'seal'], seededRandom(5));
    const plain = await drawRound(fakeGenerator(model).generator, set, plan);
    const { generator } = fakeGenerator({ ...model, subpixel: true });
    const round = await drawRound(generator, set, plan);
    expect(round.left.pathData).toBe(plain.left.pathData);
    expect(round.right.pathData).toBe(plain.right.pathData);
    const [studio] = await renderSeeds(generator, [plan.seed], { style: plan.style });
    const fake = plan.realSide === 'left' ? round.right : round.left;
    expect(studio!.pathData).not.toBe(fake.pathData);
  });

  it('never shows the same real symbol twice in a row', async () => {
    const { bytes, model } = asset();
    const set = await parseRealSet(bytes, model);
    const random = seededRandom(3);
    let previous = set.symbols[0]!;
    for (let i = 0; i < 50; i++) {
      const plan = planRound(set, ['rune', 'seal'], random, previous);
      expect(plan.real.index).not.toBe(previous.index);
      previous = plan.real;
    }
  });
});

/** Resolves with the game's state once `done` holds. */
function until(game: RealOrNotGame, done: (s: GameState) => boolean): Promise<GameState> {
  return new Promise((resolve) => {
    if (done(game.current)) return resolve(game.current);
    const stop = game.subscribe(() => {
      if (done(game.current)) {
        stop();
        resolve(game.current);
      }
    });
  });
}

async function readyGame(storage: ScoreStorage | null, options: { fail?: boolean } = {}) {
  const { bytes, model } = asset();
  const set: RealSet = await parseRealSet(bytes, model);
  const game = new RealOrNotGame({ model, storage, random: seededRandom(11) });
  const { generator } = fakeGenerator(model, options);
  expect(game.current.phase).toBe('waiting');
  game.setSources(null, set);
  expect(game.current.phase).toBe('waiting');
  game.setSources(generator, set);
  return { game, model };
}

describe('the game', () => {
  it('draws a round once the generator and the real set are there, scores one answer per round, and goes on', async () => {
    const storage = memoryStorage();
    const { game, model } = await readyGame(storage);
    const first = await until(game, (s) => s.phase === 'guessing');
    game.pick(first.round!.realSide);
    expect(game.current).toMatchObject({ phase: 'answered', picked: first.round!.realSide, score: { played: 1, fooled: 0 } });
    game.pick(first.round!.realSide === 'left' ? 'right' : 'left');
    expect(game.current.score).toEqual({ played: 1, fooled: 0 });

    game.next();
    expect(game.current).toMatchObject({ phase: 'drawing', round: null, picked: null });
    const second = await until(game, (s) => s.phase === 'guessing');
    expect(second.round!.seed).not.toBe(first.round!.seed);
    game.pick(second.round!.realSide === 'left' ? 'right' : 'left');
    expect(game.current.score).toEqual({ played: 2, fooled: 1 });

    // A reload: a new game on the same storage starts from the stored score.
    expect(new RealOrNotGame({ model, storage }).current.score).toEqual({ played: 2, fooled: 1 });
    game.resetScore();
    expect(game.current.score).toEqual({ played: 0, fooled: 0 });
    expect(new RealOrNotGame({ model, storage }).current.score).toEqual({ played: 0, fooled: 0 });
  });

  it('says why a round could not be drawn, and tries again on retry', async () => {
    const { game, model } = await readyGame(null, { fail: true });
    expect((await until(game, (s) => s.phase === 'error')).error).toBe('The forward pass failed.');
    game.pick('left');
    expect(game.current.score.played).toBe(0);
    const { generator } = fakeGenerator(model);
    const { bytes } = asset();
    game.setSources(generator, await parseRealSet(bytes, model));
    game.retry();
    expect((await until(game, (s) => s.phase === 'guessing')).round).not.toBeNull();
  });
});

describe('a game that starts from the server’s round', () => {
  it('plays it at once, before any model or real set, then draws the next round (another real symbol) once they come', async () => {
    const { bytes, model } = asset();
    const set = await parseRealSet(bytes, model);
    const server: ShownRound = {
      real: { index: 1, style: 1, source: set.symbols[1]!.source },
      seed: 'vorakelith',
      style: 'seal',
      realSide: 'right',
      left: { pathData: 'M1 1Z' },
      right: { pathData: 'M2 2Z' },
    };
    const storage = memoryStorage();
    const game = new RealOrNotGame({ model, storage, random: seededRandom(5), firstRound: server });
    expect(game.current).toMatchObject({ phase: 'guessing', round: server, picked: null });
    // Sources arriving while the server's round is on screen draw nothing yet.
    const { generator } = fakeGenerator(model);
    game.setSources(null, null);
    expect(game.current.round).toBe(server);

    game.pick('left');
    expect(game.current).toMatchObject({ phase: 'answered', picked: 'left', score: { played: 1, fooled: 1 } });
    game.next();
    expect(game.current).toMatchObject({ phase: 'waiting', round: null });
    game.setSources(generator, set);
    const second = await until(game, (s) => s.phase === 'guessing');
    expect(second.round!.real.index).not.toBe(1);
    expect(new RealOrNotGame({ model, storage }).current.score).toEqual({ played: 1, fooled: 1 });
  });
});

describe('the score', () => {
  it('is kept per model under a versioned key, and reads anything unreadable as no score', () => {
    const storage = memoryStorage({ [SCORE_STORAGE_KEY]: JSON.stringify({ 'other-64-20261101': { played: 5, fooled: 2 } }) });
    saveScore(storage, 'test-16-20261201', scoreAfter(scoreAfter({ played: 0, fooled: 0 }, true), false));
    expect(JSON.parse(storage.data[SCORE_STORAGE_KEY]!)).toEqual({
      'other-64-20261101': { played: 5, fooled: 2 },
      'test-16-20261201': { played: 2, fooled: 1 },
    });
    expect(loadScore(storage, 'test-16-20261201')).toEqual({ played: 2, fooled: 1 });
    expect(SCORE_STORAGE_KEY).toMatch(/\.v1$/);
    for (const bad of ['{', '[]', '{"m":{"played":1,"fooled":2}}', '{"m":{"played":-1,"fooled":0}}', '{"m":{"played":"3","fooled":0}}']) {
      expect(loadScore(memoryStorage({ [SCORE_STORAGE_KEY]: bad }), 'm'), bad).toEqual({ played: 0, fooled: 0 });
    }
  });

  it('lives for the visit when storage is missing or refuses', () => {
    const refusing: ScoreStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(loadScore(refusing, 'm')).toEqual({ played: 0, fooled: 0 });
    expect(() => saveScore(refusing, 'm', { played: 1, fooled: 1 })).not.toThrow();
    expect(loadScore(null, 'm')).toEqual({ played: 0, fooled: 0 });
  });

  it('says how often the network fooled the visitor', () => {
    expect(foolRate({ played: 0, fooled: 0 })).toBeNull();
    expect(foolRate({ played: 4, fooled: 1 })).toBe(0.25);
  });
});

describe('links', () => {
  it('name the model only when it is not the default', () => {
    expect(realOrNotPath()).toBe('/real-or-not');
    expect(realOrNotPath('sigil-64-20261123')).toBe('/real-or-not?m=sigil-64-20261123');
  });
});

describe('index.json', () => {
  const entry = { id: 'sigil-64-20261201', resolution: 64, latentSize: 100, sha256: 'ab'.repeat(32), bytes: 1000 };
  const index = (realSymbols: unknown) => ({ version: 1, default: entry.id, models: [{ ...entry, realSymbols }] });
  it('may record a real set with its own hash, size and count', () => {
    const recorded = { file: 'real-symbols.json', sha256: 'CD'.repeat(32), bytes: 107487, count: 288 };
    expect(parseModelIndex(index(recorded)).models[0]!.realSymbols).toEqual({ ...recorded, sha256: 'cd'.repeat(32) });
    expect(parseModelIndex({ ...index(undefined) }).models[0]!.realSymbols).toBeUndefined();
  });
  it('refuses another file name, a bad hash or no symbols', () => {
    const good = { file: 'real-symbols.json', sha256: 'cd'.repeat(32), bytes: 10, count: 1 };
    for (const bad of [{ ...good, file: '../model.json' }, { ...good, sha256: 'nope' }, { ...good, count: 0 }]) {
      expect(() => parseModelIndex(index(bad)), JSON.stringify(bad)).toThrow(/models.0.realSymbols/);
    }
  });
});
