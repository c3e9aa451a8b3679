import { useEffect, useRef } from 'react';

/** Calls `onNext` for Space and Right-arrow, unless the user is typing or a control has focus. */
export function useNextHotkeys(onNext: () => void): void {
  const ref = useRef(onNext);
  useEffect(() => {
    ref.current = onNext;
  }, [onNext]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
      if (e.key !== ' ' && e.key !== 'ArrowRight') return;
      const t = e.target as HTMLElement | null;
      if (t?.closest('input, textarea, select, button, a, summary, [contenteditable="true"], [role="slider"]')) return;
      e.preventDefault();
      ref.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
