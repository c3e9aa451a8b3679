/**
 * The sample seeds listed on /seeds and in the sitemap: a few phrases people would try, then
 * pronounceable seeds from a fixed PRNG stream (lib/seeds/seed's cyrb128 + sfc32), so the list is the
 * same on every build and every machine.
 */
import { cyrb128, randomSeed, sfc32 } from './seed';

export const SAMPLE_SEED_COUNT = 100;

const PHRASES = [
  'a sigil for courage',
  'protection',
  'clarity of mind',
  'safe travels',
  'the hidden door',
  'luna',
  'ember',
  'Ωmega',
  'élan vital',
  'the ninth gate',
  'abundance',
  'a quiet heart',
] as const;

/** `count` seeds: the phrases, then generated seeds (deduplicated), always the same. */
export function sampleSeeds(count = SAMPLE_SEED_COUNT): string[] {
  const out = new Set<string>(PHRASES.slice(0, count));
  const next = sfc32(...cyrb128(new TextEncoder().encode('thissymboldoesnotexist sample seeds v1')));
  const random = (n: number) => next() % n;
  while (out.size < count) out.add(randomSeed(random, 3 + random(2)));
  return [...out];
}
