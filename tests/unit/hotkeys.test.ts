import { describe, expect, it } from 'vitest';

import { isShortcutPress } from '@/lib/browser/hotkeys';

/** A key press aimed at an element that matches `selector`s (as Element.closest would see it), or at nothing. */
function press(init: Partial<Pick<KeyboardEvent, 'key' | 'defaultPrevented' | 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey'>> = {}, inside: string[] = []) {
  const target = { closest: (selector: string) => (selector.split(', ').some((s) => inside.includes(s)) ? {} : null) } as unknown as EventTarget;
  return { key: ' ', defaultPrevented: false, altKey: false, ctrlKey: false, metaKey: false, shiftKey: false, target, ...init };
}

describe('isShortcutPress', () => {
  it('takes a plain key press on the page', () => {
    expect(isShortcutPress(press())).toBe(true);
    expect(isShortcutPress({ ...press(), target: null })).toBe(true);
  });

  it('leaves presses with a modifier, or already handled, to their owners', () => {
    for (const key of [' ', 'ArrowRight', '?']) {
      for (const mod of ['altKey', 'ctrlKey', 'metaKey', 'defaultPrevented'] as const) expect(isShortcutPress(press({ key, [mod]: true })), `${mod} ${key}`).toBe(false);
    }
    // Shift+Space scrolls up, Shift+arrows select: theirs.
    for (const key of [' ', 'ArrowRight', 'ArrowLeft', 'Escape']) expect(isShortcutPress(press({ key, shiftKey: true })), key).toBe(false);
  });

  it('takes a character that Shift types (? is Shift+/ on most layouts)', () => {
    expect(isShortcutPress(press({ key: '?', shiftKey: true }))).toBe(true);
    expect(isShortcutPress(press({ key: '?' }))).toBe(true);
    expect(isShortcutPress(press({ key: '?', shiftKey: true }, ['input']))).toBe(false);
  });

  it('leaves presses in controls that use the keys themselves (typing, buttons, links, sliders) and in dialogs', () => {
    for (const control of ['input', 'textarea', 'select', 'button', 'a', 'summary', '[contenteditable="true"]', '[role="slider"]', 'dialog']) {
      expect(isShortcutPress(press({}, [control])), control).toBe(false);
    }
  });
});
