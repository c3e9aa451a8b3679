/**
 * The verdict of "Does it exist?" from the nearest distance, with the thresholds nearest.json calibrated on the
 * held-out real symbols (training computes them; the same rule runs there): below `copy` a copy of the nearest glyph,
 * at or beyond `new` new, between the two close to it.
 */

export type Verdict = 'new' | 'close' | 'copy';

export interface VerdictThresholds {
  /** Nearest distance below this: a copy. */
  copy: number;
  /** Nearest distance at or above this: new. */
  new: number;
  /** How `new` was calibrated: it is the P-th percentile of the held-out real symbols' distances to their nearest training glyph. */
  newPercentile: number;
  /** How `copy` was calibrated (the copies metric's percentile). */
  copyPercentile: number;
}

export function verdictFor(distance: number, thresholds: Pick<VerdictThresholds, 'copy' | 'new'>): Verdict {
  if (distance < thresholds.copy) return 'copy';
  return distance >= thresholds.new ? 'new' : 'close';
}

/** A percentage as people read it: "90%", "97.5%". */
function percent(p: number): string {
  return `${Math.round(p * 10) / 10}%`;
}

/** The verdict in words, naming the nearest real symbol and its source where it matters. */
export function verdictText(verdict: Verdict, nearest: { name: string; source: string }, thresholds: Pick<VerdictThresholds, 'newPercentile'>): string {
  if (verdict === 'new') {
    // `new` is the newPercentile-th percentile of the held-out real symbols' nearest distances: (100 - P)% of the real
    // symbols the network never saw are at least that far from every training symbol, and so is this one.
    return `New: at least as far from every real symbol the network learned from as ${percent(100 - thresholds.newPercentile)} of real symbols it never saw are.`;
  }
  const named = `${nearest.name} (${nearest.source})`;
  return verdict === 'copy' ? `A copy of ${named}.` : `Close to ${named}, but not a copy.`;
}
