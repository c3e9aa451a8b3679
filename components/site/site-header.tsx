import Link from 'next/link';

import { ThemeToggle } from './theme-toggle';

export function SiteHeader() {
  return (
    <header className="mx-auto flex w-full max-w-5xl items-center justify-between gap-2 px-4 py-4 sm:gap-4 sm:px-6">
      <Link href="/" className="font-display text-base tracking-wide sm:text-lg">
        This Symbol Does Not Exist
      </Link>
      <nav className="flex items-center gap-0 text-sm sm:gap-1" aria-label="Site">
        <Link href="/gallery" className="btn btn-ghost px-2 sm:px-4">
          Gallery
        </Link>
        <Link href="/real-or-not" className="btn btn-ghost px-2 sm:px-4">
          Real or not?
        </Link>
        <Link href="/#about" className="btn btn-ghost px-2 sm:px-4">
          About
        </Link>
        <ThemeToggle />
      </nav>
    </header>
  );
}
