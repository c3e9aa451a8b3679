/**
 * Browser-only: run `task` once the page has loaded (its stylesheets, fonts and images first) and the browser is
 * idle, at the latest `timeoutMs` after the load (requestIdleCallback; a short timer where there is none, as in
 * Safari). Returns a function that cancels it. For work the first paint must not wait for or compete with.
 */
export function whenLoadedAndIdle(task: () => void, timeoutMs = 2000): () => void {
  let cancel = () => {};
  const idle = () => {
    if (typeof window.requestIdleCallback === 'function') {
      const id = window.requestIdleCallback(() => task(), { timeout: timeoutMs });
      cancel = () => window.cancelIdleCallback(id);
    } else {
      const id = window.setTimeout(task, 200);
      cancel = () => window.clearTimeout(id);
    }
  };
  if (document.readyState === 'complete') idle();
  else {
    window.addEventListener('load', idle, { once: true });
    cancel = () => window.removeEventListener('load', idle);
  }
  return () => cancel();
}
