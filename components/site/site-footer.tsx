import { ShortcutHelp } from './shortcut-help';

export function SiteFooter() {
  return (
    <footer className="below-fold mx-auto [contain-intrinsic-size:auto_8rem] w-full max-w-5xl px-4 py-10 text-center text-xs text-muted sm:px-6">
      <p>
        Every symbol is drawn by a small neural network (a page&rsquo;s first by the server, the rest in your browser). None of them existed
        before you asked.
      </p>
      <div className="mt-2">
        <ShortcutHelp />
      </div>
    </footer>
  );
}
