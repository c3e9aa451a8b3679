/**
 * The "Does it exist?" lookup without a browser (lib/nearest/lookup): it fetches only what a view asks for, keeps the
 * answers it got, drops an answer that comes back after the view moved on to another symbol, says the API's own
 * message, and offers Retry only where asking again can help.
 */
import { describe, expect, it } from 'vitest';

import type { NearestAnswer } from '@/lib/nearest/answer';
import { NearestLookup, type NearestFetch } from '@/lib/nearest/lookup';

function answerFor(seed: string): NearestAnswer {
  return {
    model: 'm-64-20261206',
    seed,
    psi: 1,
    style: null,
    edits: null,
    verdict: 'close',
    verdictText: 'Close to RING (Test Font, U+25CB), but not a copy.',
    nearest: [{ index: 0, name: 'RING', source: 'Test Font, U+25CB', style: null, distance: 1.2, path: 'M1 1L2 2Z' }],
    symbol: { path: 'M0 0L1 1Z' },
    thresholds: { copy: 0.1, new: 2, newPercentile: 10, copyPercentile: 1 },
  };
}

/** A fetch whose answers the test releases by hand, in any order. */
function manualFetch() {
  const pending: { url: string; signal: AbortSignal; answer: (r: Response) => void; fail: (e: unknown) => void }[] = [];
  const fetcher: NearestFetch = (url, signal) => new Promise((answer, fail) => pending.push({ url, signal, answer, fail }));
  return { fetcher, pending };
}

const ok = (seed: string) => Response.json(answerFor(seed));
const flush = () => new Promise((r) => setTimeout(r, 0));

describe('NearestLookup', () => {
  it('fetches nothing until asked, then the URL asked for, and is ready with its answer', async () => {
    const { fetcher, pending } = manualFetch();
    const lookup = new NearestLookup(fetcher);
    const seen: string[] = [];
    lookup.subscribe(() => seen.push(lookup.current.phase));
    expect(lookup.current.phase).toBe('idle');
    expect(pending).toHaveLength(0);
    lookup.show('/api/nearest/a');
    expect(lookup.current).toMatchObject({ phase: 'loading', url: '/api/nearest/a' });
    pending[0]!.answer(ok('a'));
    await flush();
    expect(lookup.current).toMatchObject({ phase: 'ready', url: '/api/nearest/a', answer: { seed: 'a' } });
    expect(seen).toEqual(['loading', 'ready']);
    // The same URL again: nothing new.
    lookup.show('/api/nearest/a');
    expect(pending).toHaveLength(1);
  });

  it('follows the symbol: an answer for an earlier URL is dropped, its request aborted; a kept answer comes back at once', async () => {
    const { fetcher, pending } = manualFetch();
    const lookup = new NearestLookup(fetcher);
    lookup.show('/api/nearest/a');
    lookup.show('/api/nearest/b');
    expect(pending[0]!.signal.aborted).toBe(true);
    pending[1]!.answer(ok('b'));
    pending[0]!.answer(ok('a'));
    await flush();
    expect(lookup.current.answer?.seed).toBe('b');
    lookup.show('/api/nearest/c');
    pending[2]!.answer(ok('c'));
    await flush();
    lookup.show('/api/nearest/b');
    expect(lookup.current).toMatchObject({ phase: 'ready', answer: { seed: 'b' } });
    expect(pending).toHaveLength(3);
    lookup.show(null);
    expect(lookup.current).toMatchObject({ phase: 'idle', url: null, answer: null });
  });

  it('says the API’s message; Retry only for the server’s trouble or a failed download, and it asks again', async () => {
    const { fetcher, pending } = manualFetch();
    const lookup = new NearestLookup(fetcher);
    lookup.show('/api/nearest/a?m=old');
    pending[0]!.answer(Response.json({ error: 'The check against real symbols is not available for the model old.', status: 404 }, { status: 404 }));
    await flush();
    expect(lookup.current).toMatchObject({ phase: 'error', error: 'The check against real symbols is not available for the model old.', retryable: false });

    lookup.show('/api/nearest/b');
    pending[1]!.answer(Response.json({ error: 'The model cannot be loaded on the server right now.', status: 503 }, { status: 503 }));
    await flush();
    expect(lookup.current).toMatchObject({ phase: 'error', retryable: true });
    lookup.retry();
    expect(lookup.current.phase).toBe('loading');
    pending[2]!.answer(ok('b'));
    await flush();
    expect(lookup.current).toMatchObject({ phase: 'ready', answer: { seed: 'b' } });

    lookup.show('/api/nearest/c');
    pending[3]!.fail(new TypeError('Failed to fetch'));
    await flush();
    expect(lookup.current).toMatchObject({ phase: 'error', error: 'The check could not be fetched: Failed to fetch', retryable: true });
    lookup.show('/api/nearest/d');
    pending[4]!.answer(new Response('<html>', { status: 200 }));
    await flush();
    expect(lookup.current).toMatchObject({ phase: 'error', error: 'The check answered something this page cannot read.' });
  });
});
