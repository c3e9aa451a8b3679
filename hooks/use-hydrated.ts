import { useSyncExternalStore } from 'react';

const never = () => () => undefined;

/**
 * False in the server's HTML and while React hydrates it, true from then on: the page's scripts run and a click is
 * heard. Views that the server already drew say so (data-interactive), so a test, or a benchmark, knows when the
 * symbols it sees in the HTML also answer.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
}
