'use client';

import { useSyncExternalStore } from 'react';

import { MoonIcon, SunIcon } from '@/components/ui/icons';

type Theme = 'light' | 'dark';

// The theme lives on <html data-theme>, set before paint by THEME_SCRIPT (which also follows the system setting when
// there is no saved choice) and by the button; the button reads it from there. Null on the server and while hydrating.
function subscribe(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => observer.disconnect();
}
const currentTheme = (): Theme => (document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light');
const serverTheme = (): Theme | null => null;

/** Switches between parchment (light) and ink (dark); without a choice the system setting rules. */
export function ThemeToggle() {
  const theme = useSyncExternalStore<Theme | null>(subscribe, currentTheme, serverTheme);
  const next: Theme = theme === 'dark' ? 'light' : 'dark';
  return (
    <button
      type="button"
      className="btn btn-ghost"
      aria-label={`Switch to the ${next} theme`}
      title={`Switch to the ${next} theme`}
      onClick={() => {
        document.documentElement.dataset.theme = next;
        try {
          localStorage.setItem('theme', next);
        } catch {
          // private mode: the choice lasts for this page only
        }
      }}
    >
      {theme === 'dark' ? <SunIcon className="inline-block" /> : <MoonIcon className="inline-block" />}
      <span className="sr-only sm:not-sr-only sm:ml-1">{theme === 'dark' ? 'Light' : 'Dark'}</span>
    </button>
  );
}

/** Runs before paint (inlined in <head>): applies the saved or system theme so there is no flash. */
export const THEME_SCRIPT = `(function(){try{var s=localStorage.getItem('theme');var m=window.matchMedia('(prefers-color-scheme: dark)');var apply=function(){var t=localStorage.getItem('theme');document.documentElement.dataset.theme=t==='dark'||t==='light'?t:(m.matches?'dark':'light');};apply();m.addEventListener('change',apply);}catch(e){document.documentElement.dataset.theme='light';}})();`;
