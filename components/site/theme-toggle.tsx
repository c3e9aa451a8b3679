import { MoonIcon, SunIcon } from '@/components/ui/icons';

/**
 * Switches between parchment (light) and ink (dark); without a choice the system setting rules. Server HTML and no
 * client code: two buttons, each switching to one theme, of which the stylesheet shows the one that leaves the theme on
 * screen (by <html data-theme>), and the page's inline script (lib/browser/page-script) hears their clicks from the
 * moment they are parsed, before any framework script. With scripts off neither shows: the system setting rules.
 */
export function ThemeToggle() {
  return (
    <>
      <button type="button" className="theme-toggle btn btn-ghost" data-theme-toggle="dark" aria-label="Switch to the dark theme" title="Switch to the dark theme">
        <MoonIcon className="inline-block" />
        <span className="sr-only sm:not-sr-only sm:ml-1">Dark</span>
      </button>
      <button type="button" className="theme-toggle btn btn-ghost" data-theme-toggle="light" aria-label="Switch to the light theme" title="Switch to the light theme">
        <SunIcon className="inline-block" />
        <span className="sr-only sm:not-sr-only sm:ml-1">Light</span>
      </button>
    </>
  );
}
