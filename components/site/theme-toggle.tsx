'use client';

import { useEffect, useState } from 'react';

type Theme = 'light' | 'dark';

/** Switches between parchment (light) and ink (dark); without a choice the system setting rules. */
export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme | null>(null);
  useEffect(() => {
    setTheme(document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light');
  }, []);
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
        setTheme(next);
      }}
    >
      <span aria-hidden="true">{theme === 'dark' ? '☀' : '☾'}</span>
      <span className="sr-only sm:not-sr-only sm:ml-1">{theme === 'dark' ? 'Light' : 'Dark'}</span>
    </button>
  );
}

/** Runs before paint (inlined in <head>): applies the saved or system theme so there is no flash. */
export const THEME_SCRIPT = `(function(){try{var s=localStorage.getItem('theme');var m=window.matchMedia('(prefers-color-scheme: dark)');var apply=function(){var t=localStorage.getItem('theme');document.documentElement.dataset.theme=t==='dark'||t==='light'?t:(m.matches?'dark':'light');};apply();m.addEventListener('change',apply);}catch(e){document.documentElement.dataset.theme='light';}})();`;
