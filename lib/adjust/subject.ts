/**
 * What the Adjust panel moves and draws, apart from the session (./session) so the panel's button, which the studio
 * renders at first paint, imports nothing of the drawing code: that loads with the sliders' own chunk.
 */
import type { BackendName } from '../model/backend';

/** What the sliders move: a seed's symbol (its strangeness and chosen style kept) or a latent link's. */
export type AdjustSubject = { kind: 'seed'; seed: string; psi: number; style: string | null } | { kind: 'code'; code: string };

/**
 * A drawing of the session: the path data, the ?e= it was drawn with, the style id it was drawn in (null: a model
 * without styles) and how (the backend, whether the model came from the cache, the pass's time), so a page can show it as its own symbol.
 */
export interface AdjustDrawn {
  pathData: string;
  edits: string;
  style: string | null;
  backend: BackendName;
  /** The generator's model bytes came from the browser's cache. */
  fromCache: boolean;
  generateMs: number;
}

/** The key a session is kept under: a new subject is a new session (its offsets start again). */
export function subjectKey(subject: AdjustSubject): string {
  return subject.kind === 'seed' ? `s|${subject.seed}|${subject.psi}|${subject.style ?? ''}` : `z|${subject.code}`;
}
