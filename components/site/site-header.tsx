import Link from 'next/link';

import { ThemeToggle } from './theme-toggle';

export function SiteHeader() {
  return (
    <header className="mx-auto flex w-full max-w-5xl items-center justify-between gap-4 px-4 py-4 sm:px-6">
      <Link href="/" className="font-display text-base tracking-wide sm:text-lg">
        This Symbol Does Not Exist
      </Link>
      <nav className="flex items-center gap-1 text-sm" aria-label="Site">
        <Link href="/#about" className="btn btn-ghost">
          About
        </Link>
        <ThemeToggle />
      </nav>
    </header>
  );
}
