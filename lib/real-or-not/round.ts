/**
 * One round of "Which one is real?": a real symbol from the model's held-out set, and one the network draws from a
 * random seed in the real one's style, placed left and right at random. Both become a SymbolShape the same way
 * (lib/render/symbol): the real bitmap as a field of -1 and 1, the generated one as the generator's field, each
 * through the same clean-up, outline tracing and scaling, so only the shape tells them apart. The generated symbol is
 * exactly what /s/<seed>?k=<style> shows.
 */
import type { SymbolGenerator } from '../model/generator';
import { renderSeeds, symbolFromField, symbolFromMask, type SymbolShape } from '../render/symbol';
import { randomSeed } from '../seeds/seed';
import { realSymbolField, type RealSet, type RealSymbol } from './real-set';

export type Side = 'left' | 'right';

/** A whole number in 0..n-1. */
export type RandomInt = (n: number) => number;

export const mathRandomInt: RandomInt = (n) => Math.floor(Math.random() * n);

export interface RoundPlan {
  real: RealSymbol;
  /** The seed the generated symbol is drawn from (lib/seeds/seed), in the real one's style. */
  seed: string;
  /** The real one's style id (the model's), or null for an unconditional model. */
  style: string | null;
  realSide: Side;
}

export interface Round extends RoundPlan {
  left: SymbolShape;
  right: SymbolShape;
}

/**
 * A round as the page shows it: the real symbol without its bitmap, the generated one's seed and style, which side is
 * real, and each side's path data. What the server's first round sends (lib/server/first-round) and what the game
 * keeps; a drawn Round is one.
 */
export interface ShownRound {
  real: Omit<RealSymbol, 'bits'>;
  seed: string;
  style: string | null;
  realSide: Side;
  left: Pick<SymbolShape, 'pathData'>;
  right: Pick<SymbolShape, 'pathData'>;
}

/** The round the server drew into the page, and the model it was drawn with (the game plays it only under that model). */
export interface FirstRound {
  modelId: string;
  round: ShownRound;
}

/** The next round: any real symbol but the previous round's, a fresh seed, a side. */
export function planRound(
  set: RealSet,
  styleIds: readonly string[],
  random: RandomInt = mathRandomInt,
  previous: Pick<RealSymbol, 'index'> | null = null,
): RoundPlan {
  const others = set.symbols.length > 1 && previous ? set.symbols.filter((s) => s.index !== previous.index) : set.symbols;
  const real = others[random(others.length)]!;
  const seed = randomSeed(random);
  return { real, seed, style: real.style === null ? null : styleIds[real.style]!, realSide: random(2) === 0 ? 'left' : 'right' };
}

/** Draw both symbols of a planned round (one forward pass for the generated one). */
export async function drawRound(generator: SymbolGenerator, set: RealSet, plan: RoundPlan): Promise<Round> {
  const [generated] = await renderSeeds(generator, [plan.seed], { style: plan.style });
  return { ...plan, ...placeSides(plan, drawReal(set, plan.real), drawFake(set, generated!)) };
}

/**
 * The generated symbol's shape in the game: traced from its mask, as the real one is from its bitmap (drawReal). A
 * `subpixel` model's own outline follows its field's edge, smoother than a bitmap's, and would tell them apart.
 */
export function drawFake(set: Pick<RealSet, 'resolution'>, generated: Pick<SymbolShape, 'mask'>): SymbolShape {
  return symbolFromMask(generated.mask, set.resolution);
}

/** The real symbol's shape: its bitmap as a field of -1 and 1, through the generator's clean-up and tracing. */
export function drawReal(set: Pick<RealSet, 'resolution'>, real: RealSymbol): SymbolShape {
  return symbolFromField(realSymbolField(real, set.resolution), set.resolution);
}

/** The real and the generated symbol on the sides the plan says. */
export function placeSides<T>(plan: Pick<RoundPlan, 'realSide'>, real: T, fake: T): { left: T; right: T } {
  return plan.realSide === 'left' ? { left: real, right: fake } : { left: fake, right: real };
}
