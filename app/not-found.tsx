/**
 * The 404 page. Its link is a plain <a>: every page's HTML loads the not-found boundary's client code with its own,
 * so next/link here would join every page's first-load JavaScript.
 */
export default function NotFound() {
  return (
    <section className="mx-auto flex max-w-xl flex-col items-center gap-4 px-4 text-center">
      <h1 className="font-display text-3xl">Nothing here</h1>
      <p className="text-muted">This page does not exist, unlike the symbols.</p>
      {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- see above */}
      <a href="/" className="link">
        Draw a symbol
      </a>
    </section>
  );
}
