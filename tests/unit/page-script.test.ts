/**
 * lib/browser/page-script: the inline script that runs the header's theme buttons and the footer's shortcuts dialog
 * without any client component. Run here against a stand-in document: the theme before paint (saved choice, else the
 * system's, followed while it changes), the buttons (switch, save, move focus to the button now shown), `?` and the
 * dialog's opener, and the presses `?` must leave alone (lib/browser/hotkeys' rule).
 */
import { describe, expect, it } from 'vitest';

import { OWN_KEYS } from '@/lib/browser/hotkeys';
import { PAGE_SCRIPT, SHORTCUTS_DIALOG_ID, THEME_KEY } from '@/lib/browser/page-script';

type Listener = (e: Record<string, unknown>) => void;

/** An element that matches the selectors in `matches` (as Element.closest sees itself), with its attributes. */
function element(matches: string[], attributes: Record<string, string> = {}) {
  const el = {
    attributes,
    focused: false,
    getAttribute: (name: string) => attributes[name] ?? null,
    closest: (selector: string) => (selector.split(', ').some((s) => matches.includes(s)) ? el : null),
    focus: () => {
      el.focused = true;
    },
  };
  return el;
}

function run(options: { saved?: string | null; systemDark?: boolean; storageThrows?: boolean } = {}) {
  const store = new Map<string, string>(options.saved ? [[THEME_KEY, options.saved]] : []);
  const localStorage = {
    getItem: (k: string) => {
      if (options.storageThrows) throw new Error('SecurityError');
      return store.get(k) ?? null;
    },
    setItem: (k: string, v: string) => {
      if (options.storageThrows) throw new Error('SecurityError');
      store.set(k, v);
    },
  };
  const mediaListeners: (() => void)[] = [];
  const media = { matches: options.systemDark ?? false, addEventListener: (_: string, fn: () => void) => mediaListeners.push(fn) };
  const listeners = new Map<string, Listener[]>();
  const dialog = { open: false, showModal: () => (dialog.open = true) };
  const darkButton = element(['[data-theme-toggle]'], { 'data-theme-toggle': 'dark' });
  const lightButton = element(['[data-theme-toggle]'], { 'data-theme-toggle': 'light' });
  const document = {
    documentElement: { dataset: {} as Record<string, string> },
    activeElement: null as unknown,
    addEventListener: (type: string, fn: Listener) => listeners.set(type, [...(listeners.get(type) ?? []), fn]),
    getElementById: (id: string) => (id === SHORTCUTS_DIALOG_ID ? dialog : null),
    // The one query the script makes: the theme button that is not `next`'s.
    querySelector: (selector: string) => (selector.includes('"dark"') ? lightButton : selector.includes('"light"') ? darkButton : null),
  };
  const window = { matchMedia: () => media };
  new Function('window', 'document', 'localStorage', PAGE_SCRIPT)(window, document, localStorage);
  const fire = (type: string, init: Record<string, unknown>) => {
    const event = { defaultPrevented: false, altKey: false, ctrlKey: false, metaKey: false, shiftKey: false, ...init, preventDefault: () => (event.defaultPrevented = true) };
    for (const fn of listeners.get(type) ?? []) fn(event);
    return event;
  };
  return {
    theme: () => document.documentElement.dataset.theme,
    store,
    document,
    dialog,
    darkButton,
    lightButton,
    systemChanges: (dark: boolean) => {
      media.matches = dark;
      mediaListeners.forEach((fn) => fn());
    },
    click: (target: unknown) => fire('click', { target }),
    key: (key: string, init: Record<string, unknown> = {}) => fire('keydown', { key, target: element([]), ...init }),
  };
}

describe('the page script', () => {
  it('sets the theme before paint: the saved choice, else the system setting, followed while it changes', () => {
    expect(run({ systemDark: true }).theme()).toBe('dark');
    expect(run({ systemDark: false }).theme()).toBe('light');
    expect(run({ saved: 'light', systemDark: true }).theme()).toBe('light');
    expect(run({ saved: 'nonsense', systemDark: true }).theme()).toBe('dark');
    const page = run({ systemDark: false });
    page.systemChanges(true);
    expect(page.theme()).toBe('dark');
    const chosen = run({ saved: 'light' });
    chosen.systemChanges(true);
    expect(chosen.theme()).toBe('light');
  });

  it('still sets a theme where storage throws (private mode), so the page knows its scripts run', () => {
    const page = run({ storageThrows: true, systemDark: true });
    expect(page.theme()).toBe('dark');
    page.click(page.lightButton);
    expect(page.theme()).toBe('light');
  });

  it('switches and saves the theme a button names, and moves focus to the button now shown', () => {
    const page = run({ systemDark: false });
    page.document.activeElement = page.darkButton;
    page.click(page.darkButton);
    expect(page.theme()).toBe('dark');
    expect(page.store.get(THEME_KEY)).toBe('dark');
    expect(page.lightButton.focused).toBe(true);
    page.click(page.lightButton);
    expect(page.theme()).toBe('light');
    expect(page.store.get(THEME_KEY)).toBe('light');
    // A click elsewhere changes nothing.
    page.click(element(['a']));
    page.click(null);
    expect(page.theme()).toBe('light');
  });

  it('opens the shortcuts dialog on ? and from its button', () => {
    const page = run();
    const press = page.key('?', { shiftKey: true });
    expect(page.dialog.open).toBe(true);
    expect(press.defaultPrevented).toBe(true);
    const other = run();
    other.click(element(['[data-opens-dialog]'], { 'data-opens-dialog': SHORTCUTS_DIALOG_ID }));
    expect(other.dialog.open).toBe(true);
  });

  it('leaves ? alone with another modifier, once handled, or typed into a control that keeps its keys', () => {
    for (const init of [{ altKey: true }, { ctrlKey: true }, { metaKey: true }, { defaultPrevented: true }]) {
      const page = run();
      page.key('?', init);
      expect(page.dialog.open, JSON.stringify(init)).toBe(false);
    }
    for (const owner of OWN_KEYS.split(', ')) {
      const page = run();
      page.key('?', { target: element([owner]) });
      expect(page.dialog.open, owner).toBe(false);
    }
    const page = run();
    page.key('/');
    expect(page.dialog.open).toBe(false);
  });
});
