/**
 * Which key presses a page may take as its own shortcuts (Space, the arrows): not one already handled,
 * not one with a modifier held (the browser's and the system's shortcuts), and not one aimed at a control
 * that uses the key itself (typing, pressing a focused button or link, moving a slider or radio).
 */

/** Focused elements that keep their keys. */
const OWN_KEYS = 'input, textarea, select, button, a, summary, [contenteditable="true"], [role="slider"]';

type KeyPress = Pick<KeyboardEvent, 'defaultPrevented' | 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'target'>;

export function isShortcutPress(e: KeyPress): boolean {
  if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return false;
  const target = e.target as Partial<Pick<Element, 'closest'>> | null;
  return !target?.closest?.(OWN_KEYS);
}
