import { AsyncLocalStorage } from 'node:async_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { describe, expect, it, vi } from 'vitest';

vi.mock('server-only', () => ({}));

const { PromiseCache } = await import('@/lib/server/promise-cache');

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('PromiseCache', () => {
  it('draws once for everyone who asks while it draws, then answers from the finished value', async () => {
    const cache = new PromiseCache<string>(2);
    const draw = vi.fn(async () => 'sigil');
    const [a, b] = await Promise.all([cache.get('k', draw), cache.get('k', draw)]);
    expect([a, b, await cache.get('k', draw)]).toEqual(['sigil', 'sigil', 'sigil']);
    expect(draw).toHaveBeenCalledTimes(1);
    expect(cache.has('k')).toBe(true);
  });

  it('forgets a drawing that failed, and the least recently used value past its capacity', async () => {
    const cache = new PromiseCache<string>(2);
    await expect(cache.get('bad', () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(cache.has('bad')).toBe(false);
    expect(await cache.get('bad', async () => 'now')).toBe('now');
    await cache.get('b', async () => 'b');
    await cache.get('c', async () => 'c');
    expect([cache.has('bad'), cache.has('b'), cache.has('c')]).toEqual([false, true, true]);
  });

  it('keeps nothing of a drawing cleared while it ran', async () => {
    const cache = new PromiseCache<string>(2);
    let finish!: (v: string) => void;
    const running = cache.get('k', () => new Promise<string>((resolve) => (finish = resolve)));
    cache.clear();
    finish('late');
    expect(await running).toBe('late');
    expect(cache.has('k')).toBe(false);
  });

  it('keeps no promise made inside a request once its value is finished, so nothing pins that request', async () => {
    // Node copies the active AsyncLocalStorage stores onto every promise made inside a request; Next's store holds the
    // request and its response. A cache of promises kept each one's request alive (the soak's heap snapshots).
    const requests = new AsyncLocalStorage<{ request: object }>();
    const cache = new PromiseCache<string>(4);
    let request: WeakRef<object> | undefined;
    await (async () => {
      const body = { bytes: new Uint8Array(1 << 20) };
      request = new WeakRef(body);
      await requests.run({ request: body }, () => cache.get('k', async () => 'sigil'));
    })();
    await new Promise((resolve) => setTimeout(resolve, 0));
    gc();
    expect(request!.deref()).toBeUndefined();
    expect(await cache.get('k', async () => 'other')).toBe('sigil');
  });
});
