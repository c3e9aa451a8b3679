import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';

import { NearestLookup, type LookupState } from '@/lib/nearest/lookup';

/**
 * "Does it exist?" for the API URL `url` (lib/links nearestApiPath; null: nothing asked, nothing fetched): the
 * lookup's state (lib/nearest/lookup), which follows `url` as it changes, and Retry.
 */
export function useNearestLookup(url: string | null): { state: LookupState; retry: () => void } {
  const [lookup] = useState(() => new NearestLookup());
  const state = useSyncExternalStore(
    useCallback((onChange: () => void) => lookup.subscribe(onChange), [lookup]),
    () => lookup.current,
    () => lookup.current,
  );
  useEffect(() => lookup.show(url), [lookup, url]);
  useEffect(() => () => lookup.dispose(), [lookup]);
  return { state, retry: useCallback(() => lookup.retry(), [lookup]) };
}
