/**
 * Site identity, shared by pages, share cards, the manifest and the sitemap. The public URL is read on the server
 * (lib/site-url.ts), so this module, which the browser's bundle includes, carries no validator.
 */
export const SITE = {
  name: 'This Symbol Does Not Exist',
  shortName: 'Symbols',
  description: 'A new magic symbol, sigil or rune on every visit, drawn in your browser by a neural network. Any phrase has its own symbol.',
  /** The seed of the favicon, app icon and homepage share card. */
  iconSeed: 'this symbol does not exist',
  colors: { paper: '#f3ead6', paperDeep: '#e9dcbf', ink: '#1e1913', muted: '#6a5b47', accent: '#8b2e1d' },
} as const;
