/**
 * A morph link's first paint: the server draws the link's two ends into the page (lib/server/first-paint), which are
 * exactly the first leg's first and last frames (frame 0 is seed A's symbol, the last frame seed B's: slerp and the
 * style blend hit their ends exactly, lib/morph/frames), so the player shows frame 0 and both ends before any model
 * is downloaded. The browser still draws every frame of the leg itself (its exports need their outlines); until it
 * has drawn an end, the server's drawing of that end stands in for it.
 */
import type { ShownSymbol } from '../render/symbol';
import type { LegStyleChoice } from './frames';
import type { MorphLeg } from './leg';

/** The server's drawing of a morph link's ends: which leg they belong to, and their path data (A, B). */
export interface MorphEnds {
  modelId: string;
  seedA: string;
  seedB: string;
  psi: number;
  /** The styles the link chose for each end (null: the seed's own). */
  styles: LegStyleChoice;
  paths: readonly [string, string];
}

/** What a leg is: enough to tell whether the server's ends are its frames. */
export type LegIdentity = Pick<MorphLeg, 'modelId' | 'seedA' | 'seedB' | 'psi' | 'chosenStyles' | 'frames'>;

/** The ends as the server drew them: seed A's symbol and seed B's, each in its end's style, at one strangeness. */
export function morphEnds(a: ShownSymbol, b: ShownSymbol): MorphEnds {
  if (a.modelId !== b.modelId || a.psi !== b.psi) throw new Error('The two ends of a morph are drawn by one model at one strangeness.');
  return { modelId: a.modelId, seedA: a.seed, seedB: b.seed, psi: a.psi, styles: [a.chosenStyle, b.chosenStyle], paths: [a.pathData, b.pathData] };
}

/**
 * The server's path data for end `end` (0: seed A's, 1: seed B's) of `leg`, or null when it has none: only the ends of
 * the leg the link names (another strangeness, other styles or the next leg are the browser's alone). `leg` null: the
 * player has no session yet (the server's HTML, hydration), whose first leg is the link's.
 */
export function serverEnd(ends: MorphEnds | null, leg: LegIdentity | null, end: 0 | 1): string | null {
  if (!ends) return null;
  const same =
    leg === null ||
    (leg.modelId === ends.modelId &&
      leg.seedA === ends.seedA &&
      leg.seedB === ends.seedB &&
      leg.psi === ends.psi &&
      leg.chosenStyles[0] === ends.styles[0] &&
      leg.chosenStyles[1] === ends.styles[1]);
  return same ? ends.paths[end] : null;
}

/**
 * The server's path data for frame `frame` of `leg` (null: no session yet, the link's leg from frame 0), or null when
 * it has none: frame 0 and the last frame are the ends (serverEnd), the frames between only the browser draws.
 */
export function serverFrame(ends: MorphEnds | null, leg: LegIdentity | null, frame: number): string | null {
  if (frame === 0) return serverEnd(ends, leg, 0);
  return leg !== null && frame === leg.frames - 1 ? serverEnd(ends, leg, 1) : null;
}
