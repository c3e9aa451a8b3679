import { useEffect, useState } from 'react';

import { whenLoadedAndIdle } from '@/lib/browser/idle';

/**
 * True once the page has loaded and the browser is idle (lib/browser/idle): when a page whose symbols the server drew
 * starts TensorFlow.js and the model, so they never compete with its first paint.
 */
export function useLoadedAndIdle(): boolean {
  const [idle, setIdle] = useState(false);
  useEffect(() => whenLoadedAndIdle(() => setIdle(true)), []);
  return idle;
}
