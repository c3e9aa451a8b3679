/**
 * The visitor's score in "Which one is real?": rounds played and how many times the network fooled them (they picked
 * the generated symbol), per model, kept in localStorage under a versioned key so a later format never misreads it.
 * Storage is optional and best effort: without it (private modes, storage refused) the score lives for the visit.
 */
import * as z from 'zod/mini';

import '../zod-config';

export const SCORE_STORAGE_KEY = 'tsdne.real-or-not.score.v1';

export interface Score {
  played: number;
  /** Rounds in which the visitor took the generated symbol for the real one. */
  fooled: number;
}

export const NO_SCORE: Score = { played: 0, fooled: 0 };

/** The part of Web Storage the score uses. */
export type ScoreStorage = Pick<Storage, 'getItem' | 'setItem'>;

const count = z.number().check(z.int(), z.nonnegative(), z.maximum(Number.MAX_SAFE_INTEGER));
const scoreSchema = z.object({ played: count, fooled: count }).check(
  z.refine((s) => s.fooled <= s.played, 'fooled cannot exceed played'),
);
const storedSchema = z.record(z.string(), scoreSchema);
type Stored = z.infer<typeof storedSchema>;

/** Every model's score as stored; anything unreadable reads as no score at all. */
function readAll(storage: ScoreStorage | null): Stored {
  try {
    const raw = storage?.getItem(SCORE_STORAGE_KEY);
    const parsed = raw ? storedSchema.safeParse(JSON.parse(raw)) : null;
    return parsed?.success ? parsed.data : {};
  } catch {
    return {};
  }
}

export function loadScore(storage: ScoreStorage | null, modelId: string): Score {
  return readAll(storage)[modelId] ?? NO_SCORE;
}

/** Stores one model's score beside the others'; a full or refused storage is ignored. */
export function saveScore(storage: ScoreStorage | null, modelId: string, score: Score): void {
  try {
    storage?.setItem(SCORE_STORAGE_KEY, JSON.stringify({ ...readAll(storage), [modelId]: score }));
  } catch {
    // Best effort: the score still counts for this visit.
  }
}

/** The score after one more answer: `correct` when the visitor picked the real symbol. */
export function scoreAfter(score: Score, correct: boolean): Score {
  return { played: score.played + 1, fooled: score.fooled + (correct ? 0 : 1) };
}

/** How often the network fooled the visitor, 0..1; null before the first round. */
export function foolRate(score: Score): number | null {
  return score.played > 0 ? score.fooled / score.played : null;
}
