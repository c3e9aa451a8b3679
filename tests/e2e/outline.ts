import type { Locator } from '@playwright/test';

const DATA_URI = 'data:image/svg+xml,';

/**
 * The path data a symbol shows inside `container`: the `d` of the SVG in an `<img>`'s data URI (components/ui/
 * outline-image, lib/render/outline-image), or of an inline `<svg>`'s path; null when it shows neither.
 */
export async function outlineIn(container: Locator): Promise<string | null> {
  const img = container.locator(`img[src^="${DATA_URI}"]`);
  if ((await img.count()) > 0) {
    const svg = decodeURIComponent((await img.first().getAttribute('src'))!.slice(DATA_URI.length));
    return /\sd='([^']*)'/.exec(svg)?.[1] ?? null;
  }
  const path = container.locator('svg path');
  return (await path.count()) > 0 ? path.first().getAttribute('d') : null;
}

/** The path data of every `<img>` symbol in an HTML document as the server sent it, in document order. */
export function outlinesInHtml(html: string): string[] {
  const images = html.match(/<img[^>]*src="data:image\/svg\+xml,[^"]*"[^>]*>/g) ?? [];
  return images.map((tag) => {
    const src = unescapeAttribute(/src="([^"]*)"/.exec(tag)![1]!);
    return /\sd='([^']*)'/.exec(decodeURIComponent(src.slice(DATA_URI.length)))?.[1] ?? '';
  });
}

/** An attribute value as HTML escapes it (React escapes the data URI's ' quotes as well as &, < and >). */
function unescapeAttribute(value: string): string {
  return value.replace(/&(amp|quot|lt|gt|#x27|#39);/g, (_, name: string) => ({ amp: '&', quot: '"', lt: '<', gt: '>', '#x27': "'", '#39': "'" })[name]!);
}
