/**
 * The TensorFlow.js backends by name, in the order they are tried (WebGL -> wasm -> CPU), and their labels.
 * Free of TensorFlow.js itself, so the page's views can name the backend without loading it: the backends
 * are started in ./activate-backend, inside the generator's worker (lib/browser/generator-worker) and in Node.
 */
export const BACKENDS = ['webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

export const BACKEND_LABELS: Record<BackendName, string> = {
  webgl: 'WebGL (GPU)',
  wasm: 'WebAssembly',
  cpu: 'plain JavaScript (CPU)',
};

/** The backends of `preferred` worth trying, in order and without repeats (all of them when none is known); lib/model/generator's load tries each. */
export function backendOrder(preferred?: readonly BackendName[]): BackendName[] {
  const order = (preferred ?? BACKENDS).filter((b): b is BackendName => (BACKENDS as readonly string[]).includes(b));
  return order.length ? [...new Set(order)] : [...BACKENDS];
}
