import Link from 'next/link';

export default function NotFound() {
  return (
    <section className="mx-auto flex max-w-xl flex-col items-center gap-4 px-4 text-center">
      <h1 className="font-display text-3xl">Nothing here</h1>
      <p className="text-muted">This page does not exist, unlike the symbols.</p>
      <Link href="/" className="link">
        Draw a symbol
      </Link>
    </section>
  );
}
