import { SeedForm } from './seed-form';

/**
 * An invalid seed link: say why on the page (never a 500), and offer the phrase box. Morph links show
 * the same message for their bad seed, with `context` saying which of the two it is. A link naming a style the
 * model does not have (?k=) shows it too, with its own `title` and `hint`, and `fallback`: the same page without it.
 * Its links are plain <a>: the seed page imports this view, and next/link would join its first-load JavaScript.
 */
export function SeedError({
  message,
  context,
  title = 'This is not a seed',
  hint = 'A seed is any text of 1 to 64 characters without control characters.',
  fallback,
}: {
  message: string;
  context?: string;
  title?: string;
  hint?: string;
  fallback?: { href: string; label: string };
}) {
  return (
    <section className="mx-auto flex w-full max-w-xl flex-col items-center gap-6 px-4 text-center" aria-labelledby="seed-error-title">
      <div data-testid="symbol" data-seed="" data-model="" data-state="error" className="plate relative flex aspect-square w-56 items-center justify-center">
        <span aria-hidden="true" className="font-display text-6xl text-muted">
          ?
        </span>
      </div>
      <h1 id="seed-error-title" className="font-display text-2xl">
        {title}
      </h1>
      <p role="alert" className="text-accent">
        {context && <span className="block text-sm text-muted">{context}</span>}
        {message}
      </p>
      <p className="text-sm text-muted">{hint}</p>
      {fallback && (
        <a href={fallback.href} className="link" data-testid="style-error-fallback">
          {fallback.label}
        </a>
      )}
      <SeedForm modelId={null} />
      {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- a plain link: next/link would join the seed page's first-load JavaScript */}
      <a href="/" className="link">
        Or see a random symbol
      </a>
    </section>
  );
}
