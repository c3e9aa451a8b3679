import { useEffect, useRef } from 'react';

import { isShortcutPress } from '@/lib/browser/hotkeys';

/** Page shortcuts: `bindings` by KeyboardEvent.key (' ' is Space), taken only when lib/browser/hotkeys allows it. */
export function useHotkeys(bindings: Readonly<Record<string, () => void>>): void {
  const ref = useRef(bindings);
  useEffect(() => {
    ref.current = bindings;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const handler = Object.hasOwn(ref.current, e.key) ? ref.current[e.key] : undefined;
      if (!handler || !isShortcutPress(e)) return;
      e.preventDefault();
      handler();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
