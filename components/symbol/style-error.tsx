import { SeedError } from './seed-error';

/**
 * A link naming a style its model does not have (?k=, ?ka=, ?kb=): the seed error's clear page (never a 500, never a
 * silently different symbol), with a way to the same page without the style.
 */
export function StyleError({ message, context, withoutStyle }: { message: string; context?: string; withoutStyle: { href: string; label: string } }) {
  return (
    <SeedError
      title="This style does not exist"
      message={message}
      context={context}
      hint="Without a style in the link, each seed is drawn in its own."
      fallback={withoutStyle}
    />
  );
}
