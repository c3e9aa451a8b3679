/**
 * A morph being watched: the leg on screen and, when going on to random symbols, the next one drawn
 * ahead; the playhead; and what the viewer asks for (play, pause, seek, speed, what to do at the end,
 * the strangeness, Retry). DOM-free: it draws legs with any SymbolGenerator and is ticked with elapsed
 * time, so the player (hooks/use-morph-session, components/morph) is only a view of its state, and unit
 * tests drive it without a browser.
 */
import { formatPsi } from '../links';
import type { SymbolGenerator } from '../model/generator';
import type { ModelEntry } from '../model/model-folder';
import { randomSeed } from '../seeds/seed';
import { MORPH_BATCH, SEED_STYLES, type LegStyleChoice } from './frames';
import { MorphLeg } from './leg';
import { MORPH_HOLD_MS, advance, shownFrame, type EndMode, type MorphSpeed, type Playback } from './playback';

/** What the player shows; a new object after every change. */
export interface MorphState {
  /** The leg on screen: its seeds, its strangeness (psi) and its frames. */
  readonly leg: MorphLeg;
  /** The playhead's frame. */
  readonly frame: number;
  /** Frames of `leg` drawn so far. */
  readonly ready: number;
  readonly playing: boolean;
  readonly speed: MorphSpeed;
  readonly mode: EndMode;
  /** Why the frames could not be drawn; nothing more is drawn until retry(). */
  readonly error: string | null;
  /** The latest news for a screen reader ("Stopped on …", "Strangeness 0.7."). */
  readonly announcement: string;
  /** countTensors() right after the latest batch on screen was read back (before the next starts): the leak check. */
  readonly tensors: number | null;
}

export interface MorphSessionOptions {
  seedA: string;
  seedB: string;
  /** The strangeness (truncation psi) of the first leg. */
  psi: number;
  /** The styles the link chose for the first leg's two ends (default: the seeds' own). */
  styles?: LegStyleChoice;
  model: Pick<ModelEntry, 'id' | 'latentSize' | 'styles'>;
  /** Frames per forward pass (default MORPH_BATCH). */
  batch?: number;
  /** Play from the start (the page's choice: not under reduced motion). */
  autoplay?: boolean;
  /** Frames per leg (default MORPH_FRAMES). */
  frames?: number;
  /** The seed "go on" morphs into next (default: a new random seed each time). */
  nextSeed?: () => string;
  /** Live TensorFlow.js tensors, counted after each batch (the page passes lib/browser/engine's liveTensors, the worker's count in its latest answer; tests may omit it). */
  countTensors?: () => number;
}

/** A longer gap between ticks (a background tab) plays as this much, so the playhead never jumps. */
const MAX_TICK_MS = 100;

/** A fill in progress, and how to stop it. */
interface Fill {
  leg: MorphLeg;
  controller: AbortController;
}

export class MorphSession {
  /** Frames per forward pass. */
  readonly batch: number;
  private state: MorphState;
  private playback: Playback = { position: 0, direction: 1, holdMs: 0 };
  /** The leg "go on" continues with: from this leg's B, drawn once this leg is complete. */
  private upcoming: MorphLeg | null = null;
  private generator: SymbolGenerator | null = null;
  private drawing: Fill | null = null;
  private prefetching: Fill | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly options: MorphSessionOptions) {
    this.batch = options.batch ?? MORPH_BATCH;
    this.state = {
      leg: this.newLeg(options.seedA, options.seedB, options.psi, options.styles ?? SEED_STYLES),
      frame: 0,
      ready: 0,
      playing: options.autoplay ?? false,
      speed: 1,
      mode: 'loop',
      error: null,
      announcement: '',
      tensors: null,
    };
  }

  get current(): MorphState {
    return this.state;
  }

  /** Calls `listener` after every change of `current`; returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Draw with `generator` from now on; null stops all drawing (the page is leaving, or the model reloads). */
  setGenerator(generator: SymbolGenerator | null): void {
    if (generator === this.generator) return;
    this.generator = generator;
    this.stop('drawing');
    this.stop('prefetching');
    this.schedule();
  }

  /** Moves the playhead on by `elapsedMs` of wall time, when playing; waits on frames not drawn yet. */
  tick(elapsedMs: number): void {
    const { leg, playing, speed, mode } = this.state;
    if (!playing) return;
    const { playback, event } = advance(this.playback, Math.min(MAX_TICK_MS, elapsedMs), { frames: leg.frames, speed, mode, isReady: (i) => leg.isReady(i) });
    this.playback = playback;
    if (event === 'chain') this.chain();
    else if (event === 'ended') this.update({ frame: shownFrame(playback, leg.frames), playing: false, announcement: `Stopped on “${leg.seedB}”.` });
    else this.update({ frame: shownFrame(playback, leg.frames) });
  }

  togglePlay(): void {
    const { leg, playing, mode } = this.state;
    if (!playing && mode === 'stop' && shownFrame(this.playback, leg.frames) === leg.frames - 1) {
      // Play after stopping on B starts again from A.
      this.playback = { position: 0, direction: 1, holdMs: 0 };
      this.update({ frame: 0, playing: true });
      return;
    }
    this.update({ playing: !playing });
  }

  /** Pauses on frame `to` (clamped to the leg): the scrubber and the arrow keys. Drawing follows the playhead. */
  seek(to: number): void {
    const { leg } = this.state;
    const frame = Math.max(0, Math.min(leg.frames - 1, Math.round(to)));
    this.playback = { position: frame, direction: this.playback.direction, holdMs: 0 };
    this.update({ frame, playing: false });
  }

  setSpeed(speed: MorphSpeed): void {
    this.update({ speed });
  }

  setMode(mode: EndMode): void {
    this.update({ mode });
    this.schedule();
  }

  /** The same two seeds at strangeness `psi`, from the frame on screen. */
  setPsi(psi: number): void {
    const { leg } = this.state;
    if (psi === leg.psi) return;
    this.forgetUpcoming();
    this.show(this.newLeg(leg.seedA, leg.seedB, psi, leg.chosenStyles), shownFrame(this.playback, leg.frames), `Strangeness ${formatPsi(psi)}.`);
  }

  /** The same two seeds with the styles `styles` chosen for their ends (null: the seed's own), from the frame on screen. */
  setStyles(styles: LegStyleChoice): void {
    const { leg } = this.state;
    if (styles[0] === leg.chosenStyles[0] && styles[1] === leg.chosenStyles[1]) return;
    this.forgetUpcoming();
    const said = (end: string | null) => end ?? 'the seed’s own style';
    this.show(this.newLeg(leg.seedA, leg.seedB, leg.psi, styles), shownFrame(this.playback, leg.frames), `Styles: ${said(styles[0])} into ${said(styles[1])}.`);
  }

  /** Goes on from B into a new random symbol (the one drawn ahead, when there is one) and plays. */
  chain(): void {
    const { leg } = this.state;
    const prepared = this.upcoming;
    const next = prepared && this.follows(prepared, leg) ? prepared : this.nextLeg(leg);
    this.forgetUpcoming();
    this.show(next, 0, `Now morphing from “${next.seedA}” to “${next.seedB}”.`, true);
  }

  /** After an error: draws the leg on screen afresh. */
  retry(): void {
    const { leg } = this.state;
    this.stop('drawing');
    this.update({ leg: this.newLeg(leg.seedA, leg.seedB, leg.psi, leg.chosenStyles), ready: 0, error: null });
    this.schedule();
  }

  /** Says `text` to screen readers (e.g. how an export went). */
  announce(text: string): void {
    this.update({ announcement: text });
  }

  private newLeg(seedA: string, seedB: string, psi: number, styles: LegStyleChoice): MorphLeg {
    return new MorphLeg(seedA, seedB, psi, this.options.model, this.options.frames, styles);
  }

  /** The leg going on from `leg`'s B to a random seed: both its ends keep B's chosen style, so a chosen style stays chosen. */
  private nextLeg(leg: MorphLeg): MorphLeg {
    const style = leg.chosenStyles[1];
    return this.newLeg(leg.seedB, this.nextSeed(), leg.psi, [style, style]);
  }

  private nextSeed(): string {
    return (this.options.nextSeed ?? randomSeed)();
  }

  /** `next` continues `leg`: it starts on leg's B, at the same strangeness, in B's chosen style. */
  private follows(next: MorphLeg, leg: MorphLeg): boolean {
    const style = leg.chosenStyles[1];
    return next.seedA === leg.seedB && next.psi === leg.psi && next.chosenStyles[0] === style && next.chosenStyles[1] === style;
  }

  private forgetUpcoming(): void {
    this.upcoming = null;
    this.stop('prefetching');
  }

  /** Puts `leg` on screen with the playhead on `position` (resting there first when it is A). */
  private show(leg: MorphLeg, position: number, announcement: string, play = this.state.playing): void {
    this.stop('drawing');
    this.playback = { position, direction: 1, holdMs: position === 0 ? MORPH_HOLD_MS : 0 };
    this.update({ leg, frame: position, ready: leg.readyCount, announcement, playing: play });
    this.schedule();
  }

  /** Starts the drawing that is due: the leg on screen first; once it is complete, while going on, the next. */
  private schedule(): void {
    const generator = this.generator;
    const { leg, mode, error } = this.state;
    if (!generator || error) return;
    if (!leg.complete) {
      if (this.drawing?.leg !== leg) this.draw(generator, leg);
      return;
    }
    if (mode !== 'chain') {
      this.stop('prefetching');
      return;
    }
    if (!this.upcoming || !this.follows(this.upcoming, leg)) this.upcoming = this.nextLeg(leg);
    if (!this.upcoming.complete && this.prefetching?.leg !== this.upcoming) this.prefetch(generator, this.upcoming);
  }

  /** Draws the leg on screen, the frames ahead of the playhead first. */
  private draw(generator: SymbolGenerator, leg: MorphLeg): void {
    this.stop('drawing');
    const fill: Fill = { leg, controller: new AbortController() };
    this.drawing = fill;
    leg
      .fill(generator, {
        batch: this.batch,
        playhead: () => this.playback,
        signal: fill.controller.signal,
        onBatch: () => this.update({ ready: leg.readyCount, tensors: this.options.countTensors?.() ?? null }),
      })
      .then(
        () => {
          if (this.drawing !== fill) return;
          this.drawing = null;
          this.schedule();
        },
        (error: unknown) => {
          if (this.drawing !== fill) return;
          this.drawing = null;
          this.update({ error: error instanceof Error ? error.message : String(error) });
        },
      );
  }

  /** Draws the next leg while the viewer watches this one, so going on is seamless. Its errors show once it is on screen. */
  private prefetch(generator: SymbolGenerator, leg: MorphLeg): void {
    this.stop('prefetching');
    const fill: Fill = { leg, controller: new AbortController() };
    this.prefetching = fill;
    const done = () => {
      if (this.prefetching === fill) this.prefetching = null;
    };
    leg.fill(generator, { batch: this.batch, signal: fill.controller.signal }).then(done, done);
  }

  private stop(which: 'drawing' | 'prefetching'): void {
    this[which]?.controller.abort();
    this[which] = null;
  }

  private update(patch: Partial<MorphState>): void {
    const next = { ...this.state, ...patch };
    if ((Object.keys(patch) as (keyof MorphState)[]).every((k) => Object.is(next[k], this.state[k]))) return;
    this.state = next;
    for (const listener of this.listeners) listener();
  }
}
