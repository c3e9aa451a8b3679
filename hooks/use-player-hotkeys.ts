import { useEffect, useRef } from 'react';

/**
 * Space plays or pauses, Left and Right arrows step one frame, unless the user is typing or a control
 * that uses those keys itself (buttons, links, sliders, radios) has focus.
 */
export function usePlayerHotkeys(handlers: { toggle: () => void; step: (delta: 1 | -1) => void }): void {
  const ref = useRef(handlers);
  useEffect(() => {
    ref.current = handlers;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
      if (e.key !== ' ' && e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
      const t = e.target as HTMLElement | null;
      if (t?.closest('input, textarea, select, button, a, summary, [contenteditable="true"], [role="slider"]')) return;
      e.preventDefault();
      if (e.key === ' ') ref.current.toggle();
      else ref.current.step(e.key === 'ArrowRight' ? 1 : -1);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
