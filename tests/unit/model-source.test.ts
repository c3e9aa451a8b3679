import { afterEach, describe, expect, it, vi } from 'vitest';

import { DownloadError, fetchModelSource } from '@/lib/browser/model-source';
import { parseModelParam, parseSeedParam } from '@/lib/route-params';

afterEach(() => vi.unstubAllGlobals());

function streamOf(chunks: Uint8Array[], hang = false): ReadableStream<Uint8Array> {
  return new ReadableStream({
    async pull(controller) {
      const next = chunks.shift();
      if (next) controller.enqueue(next);
      else if (!hang) controller.close();
      else await new Promise(() => undefined);
    },
  });
}

describe('fetchModelSource', () => {
  it('reads /models/<id>/<file> and reports every byte', async () => {
    const fetchMock = vi.fn<(url: string) => Promise<Response>>(async () => new Response(streamOf([new Uint8Array(3), new Uint8Array(4)])));
    vi.stubGlobal('fetch', fetchMock);
    let seen = 0;
    const bytes = await fetchModelSource().read('m-64-20260101', 'model.json', { onBytes: (n) => (seen += n) });
    expect(bytes.length).toBe(7);
    expect(seen).toBe(7);
    expect(fetchMock.mock.calls[0]![0]).toBe('/models/m-64-20260101/model.json');
  });

  it('turns an HTTP error into a clear DownloadError', async () => {
    vi.stubGlobal('fetch', async () => new Response('nope', { status: 404 }));
    const read = fetchModelSource().read('m-64-20260101', 'group1-shard1of1.bin');
    await expect(read).rejects.toBeInstanceOf(DownloadError);
    await expect(read).rejects.toThrow('Could not download group1-shard1of1.bin of model "m-64-20260101" (HTTP 404).');
  });

  it('gives up on a download that stalls', async () => {
    vi.stubGlobal('fetch', async () => new Response(streamOf([new Uint8Array(2)], true)));
    await expect(fetchModelSource({ stallMs: 50 }).read('m-64-20260101', 'model.json')).rejects.toThrow(/stalled: no data for 0 s/);
  });

  it('reports a network failure', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(fetchModelSource().read('m-64-20260101', 'model.json')).rejects.toThrow(/the network request failed/);
  });
});

describe('route params', () => {
  it('decodes seed segments once and rejects broken encoding', () => {
    expect(parseSeedParam('a%20sigil')).toEqual({ ok: true, seed: 'a sigil' });
    expect(parseSeedParam('100%2541')).toEqual({ ok: true, seed: '100%41' });
    expect(parseSeedParam('%E0%A4%A')).toEqual({ ok: false, error: 'The seed in this link is not valid percent-encoded text.' });
    expect(parseSeedParam('abc%00').ok).toBe(false);
  });

  it('takes the first ?m value, trimmed', () => {
    expect(parseModelParam(undefined)).toBeNull();
    expect(parseModelParam(' sigil-64-x ')).toBe('sigil-64-x');
    expect(parseModelParam(['a', 'b'])).toBe('a');
    expect(parseModelParam('')).toBeNull();
  });
});
