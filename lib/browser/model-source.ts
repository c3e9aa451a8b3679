/**
 * Browser adapters for lib/model/generator: a fetch-based ModelSource with byte progress and a stall
 * timeout, and a Cache Storage ByteCache (falls back to no cache where Cache Storage is missing).
 */
import type { ByteCache, ModelSource } from '../model/generator';
import { modelFileUrl } from '../model/model-index';

export class DownloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DownloadError';
  }
}

/** Fetches `/models/<id>/<file>`; fails when the server answers an error or no byte arrives for `stallMs`. */
export function fetchModelSource(options: { base?: string; stallMs?: number } = {}): ModelSource {
  const stallMs = options.stallMs ?? 20_000;
  return {
    async read(modelId, file, readOptions) {
      const url = modelFileUrl(modelId, file, options.base);
      const controller = new AbortController();
      const outer = readOptions?.signal;
      const onAbort = () => controller.abort(outer?.reason);
      outer?.addEventListener('abort', onAbort, { once: true });
      let stalled = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          stalled = true;
          controller.abort();
          reader?.cancel().catch(() => undefined);
        }, stallMs);
      };
      try {
        arm();
        const response = await fetch(url, { signal: controller.signal, cache: 'no-cache' });
        if (!response.ok) throw new DownloadError(`Could not download ${file} of model "${modelId}" (HTTP ${response.status}).`);
        if (!response.body) {
          const bytes = new Uint8Array(await response.arrayBuffer());
          readOptions?.onBytes?.(bytes.byteLength);
          return bytes;
        }
        reader = response.body.getReader();
        const chunks: Uint8Array[] = [];
        let size = 0;
        for (;;) {
          arm();
          const { done, value } = await reader.read();
          if (stalled) throw new Error('stalled');
          if (done) break;
          chunks.push(value);
          size += value.byteLength;
          readOptions?.onBytes?.(value.byteLength);
        }
        const out = new Uint8Array(size);
        let offset = 0;
        for (const c of chunks) {
          out.set(c, offset);
          offset += c.byteLength;
        }
        return out;
      } catch (error) {
        if (stalled) throw new DownloadError(`The download of model "${modelId}" stalled: no data for ${Math.round(stallMs / 1000)} s.`);
        if (error instanceof DownloadError || outer?.aborted) throw error;
        throw new DownloadError(`Could not download ${file} of model "${modelId}": the network request failed.`);
      } finally {
        clearTimeout(timer);
        outer?.removeEventListener('abort', onAbort);
      }
    },
  };
}

const CACHE_NAME = 'tsdne-models-v1';

/** Verified model bytes in Cache Storage (keys carry the model's sha256, so a new export never hits stale bytes). */
export function cacheStorageByteCache(): ByteCache | null {
  if (typeof caches === 'undefined') return null;
  const url = (key: string) => new Request(`/__model-cache/${key}`);
  return {
    async get(key) {
      const cache = await caches.open(CACHE_NAME);
      const hit = await cache.match(url(key));
      return hit ? new Uint8Array(await hit.arrayBuffer()) : null;
    },
    async put(key, bytes) {
      const cache = await caches.open(CACHE_NAME);
      await cache.put(url(key), new Response(bytes.slice().buffer, { headers: { 'content-type': 'application/octet-stream' } }));
    },
    async delete(key) {
      const cache = await caches.open(CACHE_NAME);
      await cache.delete(url(key));
    },
  };
}
