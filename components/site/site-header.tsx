/* eslint-disable @next/next/no-html-link-for-pages -- plain links on purpose: next/link would add its client module (and prefetching) to every page's first load */
import { ThemeToggle } from './theme-toggle';

/**
 * Plain links, not next/link: the header is server HTML with no client code of its own (every page renders per request
 * for its CSP nonce, so a client-side navigation would save little), and the links work before and without scripts.
 */
export function SiteHeader() {
  return (
    <header className="mx-auto flex w-full max-w-5xl flex-wrap items-center justify-between gap-x-2 gap-y-1 px-4 py-4 sm:gap-x-4 sm:px-6">
      <a href="/" className="font-display text-base tracking-wide sm:text-lg">
        This Symbol Does Not Exist
      </a>
      <nav className="-ml-2 flex items-center gap-0 text-sm *:whitespace-nowrap sm:gap-1" aria-label="Site">
        <a href="/gallery" className="btn btn-ghost px-2 sm:px-4">
          Gallery
        </a>
        <a href="/real-or-not" className="btn btn-ghost px-2 sm:px-4">
          Real or not?
        </a>
        <a href="/draw" className="btn btn-ghost px-2 sm:px-4">
          Draw
        </a>
        <a href="/#about" className="btn btn-ghost px-2 sm:px-4">
          About
        </a>
        <ThemeToggle />
      </nav>
    </header>
  );
}
