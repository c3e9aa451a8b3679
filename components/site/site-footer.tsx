export function SiteFooter() {
  return (
    <footer className="mx-auto w-full max-w-5xl px-4 py-10 text-center text-xs text-muted sm:px-6">
      <p>Every symbol is drawn in your browser by a small neural network. None of them existed before you asked.</p>
    </footer>
  );
}
