/**
 * Browser-only: the page's `?backend=`, which pins the generator's backend order (comparisons, benchmarks, the tests
 * that compare backends). Apart from lib/browser/engine, so a page can read it without loading the generator's client.
 */
import { BACKENDS, type BackendName } from '../model/backend';

/** `?backend=wasm` or `?backend=wasm,cpu` pins the backend order; undefined: the default order. */
export function backendsFromUrl(): readonly BackendName[] | undefined {
  const raw = new URLSearchParams(window.location.search).get('backend');
  if (!raw) return undefined;
  const list = raw.split(',').filter((b): b is BackendName => (BACKENDS as readonly string[]).includes(b));
  return list.length ? list : undefined;
}
