/**
 * "Which one is real?", DOM-free: the round on screen, the visitor's pick and the score (hooks/use-real-or-not wraps
 * it, components/real-or-not shows it, tests/unit/real-or-not.test.ts drives it without a browser).
 *
 *   waiting --(generator and real set)--> drawing --> guessing --pick()--> answered --next()--> drawing ...
 *   drawing --(a pass fails)--> error --retry()--> drawing
 * A game given the round the server drew into the page (`firstRound`) starts in guessing on it, before any model or
 * real set is loaded; the rounds after it are drawn here.
 */
import type { SymbolGenerator } from '../model/generator';
import type { ModelEntry } from '../model/model-folder';
import type { RealSet } from './real-set';
import { drawRound, mathRandomInt, planRound, type RandomInt, type ShownRound, type Side } from './round';
import { loadScore, NO_SCORE, saveScore, scoreAfter, type Score, type ScoreStorage } from './score';

export type GamePhase = 'waiting' | 'drawing' | 'guessing' | 'answered' | 'error';

/** What the page shows; a new object after every change. */
export interface GameState {
  readonly phase: GamePhase;
  /** The round on screen while guessing and once answered; null while the next is drawn. */
  readonly round: ShownRound | null;
  /** The side the visitor picked, once answered. */
  readonly picked: Side | null;
  readonly score: Score;
  /** Why the round could not be drawn (phase 'error'). */
  readonly error: string | null;
}

export interface GameOptions {
  model: ModelEntry;
  /** Where the score is kept (localStorage in the browser); null: for this visit only. */
  storage: ScoreStorage | null;
  /** Which real symbol, which seed, which side (tests pass a seeded one). */
  random?: RandomInt;
  /** The round the server drew into the page (lib/server/first-round), played first; null or absent: none. */
  firstRound?: ShownRound | null;
}

export class RealOrNotGame {
  private state: GameState;
  private generator: SymbolGenerator | null = null;
  private set: RealSet | null = null;
  /** Counts draws started: a draw that comes back after another began is dropped. */
  private ticket = 0;
  private readonly listeners = new Set<() => void>();
  private readonly model: ModelEntry;
  private readonly storage: ScoreStorage | null;
  private readonly random: RandomInt;

  constructor(options: GameOptions) {
    this.model = options.model;
    this.storage = options.storage;
    this.random = options.random ?? mathRandomInt;
    const round = options.firstRound ?? null;
    this.state = { phase: round ? 'guessing' : 'waiting', round, picked: null, score: loadScore(this.storage, this.model.id), error: null };
  }

  get current(): GameState {
    return this.state;
  }

  /** Calls `listener` after every change of `current`; returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The generator and the real set as they become available (null while loading); the first round starts with both. */
  setSources(generator: SymbolGenerator | null, set: RealSet | null): void {
    this.generator = generator;
    this.set = set;
    if (this.state.phase === 'waiting') this.draw();
  }

  /** The visitor's answer: the side they think is real. Counts once per round. */
  pick(side: Side): void {
    const { phase, round, score } = this.state;
    if (phase !== 'guessing' || !round) return;
    const next = scoreAfter(score, side === round.realSide);
    saveScore(this.storage, this.model.id, next);
    this.update({ phase: 'answered', picked: side, score: next });
  }

  /** The next round, once this one is answered. */
  next(): void {
    if (this.state.phase === 'answered') this.draw();
  }

  /** After an error: draw a round again. */
  retry(): void {
    if (this.state.phase === 'error') this.draw();
  }

  /** Forget this model's score, here and in storage. */
  resetScore(): void {
    saveScore(this.storage, this.model.id, NO_SCORE);
    this.update({ score: NO_SCORE });
  }

  private draw(): void {
    const { generator, set } = this;
    const previous = this.state.round?.real ?? null;
    if (!generator || !set) {
      this.update({ phase: 'waiting', round: null, picked: null });
      return;
    }
    const ticket = ++this.ticket;
    const plan = planRound(set, this.model.styles?.map((s) => s.id) ?? [], this.random, previous);
    this.update({ phase: 'drawing', round: null, picked: null, error: null });
    drawRound(generator, set, plan).then(
      (round) => ticket === this.ticket && this.update({ phase: 'guessing', round }),
      (e: unknown) => ticket === this.ticket && this.update({ phase: 'error', error: e instanceof Error ? e.message : String(e) }),
    );
  }

  private update(change: Partial<GameState>): void {
    this.state = { ...this.state, ...change };
    for (const listener of this.listeners) listener();
  }
}
