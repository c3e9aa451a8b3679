/**
 * NearestLookup: what a "Does it exist?" view shows, DOM-free (hooks/use-nearest-lookup wraps it, components/nearest
 * shows it, tests/unit/nearest-lookup.test.ts drives it with a fake fetch). The view says which API URL it wants
 * (lib/links nearestApiPath: the symbol on screen) with show(url), or null when closed; the lookup fetches it once,
 * keeps the answers it got (a few, so going back to a symbol costs nothing) and drops an answer that comes back after
 * another URL was asked for.
 *
 *   idle --show(url)--> loading --> ready | error --retry()--> loading
 */
import { NearestApiError, readNearestAnswer, type NearestAnswer } from './answer';

export type LookupPhase = 'idle' | 'loading' | 'ready' | 'error';

export interface LookupState {
  readonly phase: LookupPhase;
  /** The URL asked for; null while closed. */
  readonly url: string | null;
  readonly answer: NearestAnswer | null;
  readonly error: string | null;
  /** Whether Retry can help (a failed download or the server's trouble, not a model without the check). */
  readonly retryable: boolean;
}

export type NearestFetch = (url: string, signal: AbortSignal) => Promise<Response>;

/** Answers kept, most recent last. */
const KEPT_ANSWERS = 16;

const IDLE: LookupState = { phase: 'idle', url: null, answer: null, error: null, retryable: false };

export class NearestLookup {
  private state: LookupState = IDLE;
  private readonly answers = new Map<string, NearestAnswer>();
  private readonly listeners = new Set<() => void>();
  private controller: AbortController | null = null;

  constructor(private readonly fetcher: NearestFetch = (url, signal) => fetch(url, { signal })) {}

  get current(): LookupState {
    return this.state;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Show the answer for `url` (fetched unless kept), or nothing (null: the view is closed). */
  show(url: string | null): void {
    if (url === this.state.url && this.state.phase !== 'error') return;
    this.controller?.abort();
    this.controller = null;
    if (url === null) return this.update(IDLE);
    const kept = this.answers.get(url);
    if (kept) return this.update({ ...IDLE, phase: 'ready', url, answer: kept });
    this.fetch(url);
  }

  /** Ask again for the URL that failed. */
  retry(): void {
    if (this.state.phase === 'error' && this.state.url) this.fetch(this.state.url);
  }

  /** Stop any request in flight; the lookup can be used again. */
  dispose(): void {
    this.controller?.abort();
    this.controller = null;
  }

  private fetch(url: string): void {
    const controller = new AbortController();
    this.controller = controller;
    this.update({ ...IDLE, phase: 'loading', url });
    this.fetcher(url, controller.signal)
      .then(readNearestAnswer)
      .then(
        (answer) => {
          this.keep(url, answer);
          if (this.controller === controller) this.update({ ...IDLE, phase: 'ready', url, answer });
        },
        (e: unknown) => {
          if (this.controller !== controller || controller.signal.aborted) return;
          const apiError = e instanceof NearestApiError ? e : null;
          const error = apiError?.message ?? `The check could not be fetched: ${e instanceof Error ? e.message : String(e)}`;
          this.update({ ...IDLE, phase: 'error', url, error, retryable: apiError ? apiError.retryable : true });
        },
      );
  }

  private keep(url: string, answer: NearestAnswer): void {
    this.answers.delete(url);
    this.answers.set(url, answer);
    if (this.answers.size > KEPT_ANSWERS) this.answers.delete(this.answers.keys().next().value as string);
  }

  private update(next: LookupState): void {
    this.state = next;
    for (const listener of this.listeners) listener();
  }
}
