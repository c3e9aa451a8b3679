import Link from 'next/link';

/** A latent link that cannot be drawn (malformed, cut short, for another model): say why on the page, never a 500. */
export function LatentError({ title, message }: { title: string; message: string }) {
  return (
    <section className="mx-auto flex w-full max-w-xl flex-col items-center gap-6 px-4 text-center" aria-labelledby="latent-error-title">
      <div data-testid="symbol" data-code="" data-state="error" className="plate relative flex aspect-square w-56 items-center justify-center">
        <span aria-hidden="true" className="font-display text-6xl text-muted">
          ?
        </span>
      </div>
      <h1 id="latent-error-title" className="font-display text-2xl">
        {title}
      </h1>
      <p role="alert" className="text-accent" data-testid="latent-error">
        {message}
      </p>
      <p className="text-sm text-muted">
        A latent link is /z/ followed by the code the site made for a drawn or adjusted symbol (276 letters, digits, “-” and “_”), with ?m= naming its
        model. Copy it again from where it was shared.
      </p>
      <Link href="/" className="link">
        See a random symbol
      </Link>
    </section>
  );
}
