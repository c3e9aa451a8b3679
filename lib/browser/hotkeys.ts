/**
 * Which key presses a page may take as its own shortcuts (Space, the arrows, `?`): not one already handled,
 * not one with a modifier held (the browser's and the system's shortcuts), and not one aimed at a control
 * that uses the key itself (typing, pressing a focused button or link, moving a slider or radio) or at an
 * open dialog. Shift counts as a modifier only where it does not type the key: `?` is Shift+/ on most
 * layouts, while Shift+Space scrolls up.
 */

/** Focused elements that keep their keys (a dialog: the page behind it is not the one being used). */
export const OWN_KEYS = 'input, textarea, select, button, a, summary, [contenteditable="true"], [role="slider"], dialog';

type KeyPress = Pick<KeyboardEvent, 'key' | 'defaultPrevented' | 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'target'>;

export function isShortcutPress(e: KeyPress): boolean {
  const typedWithShift = e.key.length === 1 && e.key !== ' ';
  if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || (e.shiftKey && !typedWithShift)) return false;
  const target = e.target as Partial<Pick<Element, 'closest'>> | null;
  return !target?.closest?.(OWN_KEYS);
}
