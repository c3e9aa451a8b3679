/**
 * The 1200x630 share card (Open Graph and Twitter image) for a seed or a latent link, made with next/og's
 * ImageResponse: the symbol large on parchment, what names it (the seed; for a latent link, its style and that it has
 * no seed), the site name. The symbol is the
 * server-rendered outline as a transparent PNG data URL; text is drawn only with local fonts
 * (lib/server/fonts), so a card never reaches the network.
 */
import 'server-only';

import { ImageResponse } from 'next/og';

import { parseHexColor, symbolImage } from '../render/image';
import type { LatentSymbol } from '../render/latent-symbol';
import type { RenderedSymbol } from '../render/symbol';
import { CARD_SIZE } from '../share';
import { SITE } from '../site';
import { cardFonts, drawableRuns, type CardFont } from './fonts';
import { encodePng } from './png';

const SYMBOL_PX = 500;

/** One array for every card: next/og parses fonts once per array identity. */
let fontOptions: Pick<CardFont, 'name' | 'data' | 'weight' | 'style'>[] | null = null;
function fontsForImageResponse() {
  fontOptions ??= cardFonts().map(({ name, data, weight, style }) => ({ name, data, weight, style }));
  return fontOptions;
}

function seedFontSize(text: string): number {
  const n = [...text].length;
  if (n <= 10) return 88;
  if (n <= 18) return 70;
  if (n <= 30) return 54;
  if (n <= 46) return 42;
  return 34;
}

/** What a card says beside the symbol: a small heading ("Seed") and the text under it (the seed). */
export interface CardCaption {
  kicker: string;
  text: string;
}

export const cardCaption = {
  /** A seed's card: the seed, and when the sliders moved it, that it is adjusted. */
  seed: (symbol: Pick<RenderedSymbol, 'seed' | 'edits'>): CardCaption => ({ kicker: symbol.edits ? 'Seed, adjusted' : 'Seed', text: symbol.seed }),
  /** A latent link's card: it has no seed, so its style's label (or "a symbol with no seed") says what it is. */
  latent: (symbol: Pick<LatentSymbol, 'edits'>, styleLabel: string | null): CardCaption => ({
    kicker: symbol.edits ? 'Latent link, adjusted' : 'Latent link',
    text: styleLabel ?? 'A symbol with no seed',
  }),
};

export function shareCard(
  symbol: Pick<RenderedSymbol, 'outlines' | 'modelId'> & CardCaption,
  headers: Record<string, string> = {},
): ImageResponse {
  const fonts = cardFonts();
  const family = fonts.map((f) => `'${f.name}'`).join(', ');
  const { paper, paperDeep, ink, muted, accent } = SITE.colors;
  const png = Buffer.from(encodePng(symbolImage(symbol.outlines, { size: SYMBOL_PX, ink: parseHexColor(ink), paper: null }))).toString('base64');
  const runs = drawableRuns(symbol.text, fonts);
  return new ImageResponse(
    (
      <div
        style={{
          width: '100%',
          height: '100%',
          display: 'flex',
          alignItems: 'center',
          padding: '48px 72px 48px 56px',
          background: `radial-gradient(ellipse at 30% 40%, #fbf6ea 0%, ${paper} 55%, ${paperDeep} 100%)`,
          color: ink,
          fontFamily: family,
        }}
      >
        <div
          style={{
            display: 'flex',
            width: 534,
            height: 534,
            alignItems: 'center',
            justifyContent: 'center',
            border: `2px solid ${paperDeep}`,
            borderRadius: 24,
            background: 'rgba(255,255,255,0.35)',
          }}
        >
          {/* eslint-disable-next-line @next/next/no-img-element -- next/og draws <img>, not next/image */}
          <img src={`data:image/png;base64,${png}`} width={SYMBOL_PX} height={SYMBOL_PX} alt="" />
        </div>
        <div style={{ display: 'flex', flexDirection: 'column', flex: 1, marginLeft: 64, height: '100%', justifyContent: 'center' }}>
          <div style={{ display: 'flex', fontSize: 20, letterSpacing: 8, color: muted, textTransform: 'uppercase', fontFamily: "'Geist'" }}>
            {symbol.kicker}
          </div>
          <div
            style={{ display: 'flex', flexWrap: 'wrap', fontSize: seedFontSize(runs.join('')), lineHeight: 1.1, marginTop: 10, fontStyle: 'italic', fontWeight: 500 }}
          >
            {runs.map((run, i) => (
              <span key={i} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                {run}
              </span>
            ))}
          </div>
          <div style={{ display: 'flex', width: 96, height: 3, background: accent, marginTop: 36, marginBottom: 28 }} />
          <div style={{ display: 'flex', fontSize: 34, fontWeight: 600, fontFamily: "'Cinzel'" }}>{SITE.name}</div>
          <div style={{ display: 'flex', fontSize: 22, color: muted, marginTop: 10, fontFamily: "'Geist'" }}>
            A symbol no one has seen before, drawn by a neural network.
          </div>
          <div style={{ display: 'flex', fontSize: 16, color: muted, marginTop: 18, fontFamily: "'Geist'" }}>model {symbol.modelId}</div>
        </div>
      </div>
    ),
    {
      ...CARD_SIZE,
      fonts: fontsForImageResponse(),
      headers,
    },
  );
}
