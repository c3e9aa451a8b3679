/**
 * The answer of /api/nearest/<seed> (lib/server/nearest-api writes it, the "Does it exist?" panel and the game read
 * it): the verdict in a word and in words, the nearest real symbols with their names, sources, distances and
 * outlines, and the generated symbol's own outline, all path data in the symbols' 0..1024 square.
 * No schema library: the panel's lazily loaded code reads it, and it comes from this site's own server.
 */
import type { Verdict, VerdictThresholds } from './verdict';

export interface NearestNeighbourAnswer {
  /** The glyph's place in the model's nearest.json. */
  index: number;
  name: string;
  source: string;
  style: string | null;
  distance: number;
  /** Its 1-bit thumbnail traced as the site traces a generated symbol. */
  path: string;
}

export interface NearestAnswer {
  model: string;
  seed: string;
  /** The strangeness the symbol was drawn at. */
  psi: number;
  /** The style drawn (chosen or the seed's own); null for an unconditional model. */
  style: string | null;
  /** The sliders' offsets the symbol was moved by, as ?e= writes them; null when none were moved. */
  edits: string | null;
  verdict: Verdict;
  verdictText: string;
  /** Nearest first. */
  nearest: NearestNeighbourAnswer[];
  symbol: { path: string };
  thresholds: VerdictThresholds;
}

const VERDICTS: readonly string[] = ['new', 'close', 'copy'];

function isAnswer(json: unknown): json is NearestAnswer {
  const a = json as Partial<NearestAnswer> | null;
  return (
    typeof a === 'object' &&
    a !== null &&
    typeof a.seed === 'string' &&
    typeof a.verdict === 'string' &&
    VERDICTS.includes(a.verdict) &&
    typeof a.verdictText === 'string' &&
    typeof a.symbol?.path === 'string' &&
    Array.isArray(a.nearest) &&
    a.nearest.every((n) => typeof n?.name === 'string' && typeof n.source === 'string' && typeof n.distance === 'number' && typeof n.path === 'string')
  );
}

/** The API said no: its own message, and its status (a 404 for a model without the check: trying again will not help). */
export class NearestApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'NearestApiError';
  }

  /** Whether asking again may help: the server's trouble (5xx), not the question's (4xx). */
  get retryable(): boolean {
    return this.status >= 500;
  }
}

/** A fetched answer -> the NearestAnswer, or a NearestApiError with the API's own message. */
export async function readNearestAnswer(response: Response): Promise<NearestAnswer> {
  let json: unknown = null;
  try {
    json = await response.json();
  } catch {
    // Not JSON: said below.
  }
  if (!response.ok) {
    const message = (json as { error?: unknown } | null)?.error;
    throw new NearestApiError(typeof message === 'string' ? message : `The check failed (HTTP ${response.status}).`, response.status);
  }
  if (!isAnswer(json)) throw new NearestApiError('The check answered something this page cannot read.', 502);
  return json;
}
