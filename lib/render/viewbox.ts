/**
 * The square every outline's coordinates are in: viewBox 0 0 SYMBOL_VIEWBOX SYMBOL_VIEWBOX. A module of its own, so
 * the page's first-load code (lib/render/outline-image) can name it without loading the renderer (./symbol), which
 * re-exports it for everything else.
 */
export const SYMBOL_VIEWBOX = 1024;
