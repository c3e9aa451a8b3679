/**
 * What the Adjust panel moves and draws, apart from the session (./session) so the panel's button, which the studio
 * renders at first paint, imports nothing of the drawing code: that loads with the sliders' own chunk.
 */

/** What the sliders move: a seed's symbol (its strangeness and chosen style kept) or a latent link's. */
export type AdjustSubject = { kind: 'seed'; seed: string; psi: number; style: string | null } | { kind: 'code'; code: string };

/** A drawing of the session: the path data and the ?e= it was drawn with. */
export interface AdjustDrawn {
  pathData: string;
  edits: string;
}

/** The key a session is kept under: a new subject is a new session (its offsets start again). */
export function subjectKey(subject: AdjustSubject): string {
  return subject.kind === 'seed' ? `s|${subject.seed}|${subject.psi}|${subject.style ?? ''}` : `z|${subject.code}`;
}
