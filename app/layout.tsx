import './globals.css';

import type { Metadata, Viewport } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';

import { FONT_VARIABLES } from '@/components/site/fonts';
import { SiteFooter } from '@/components/site/site-footer';
import { SiteHeader } from '@/components/site/site-header';
import { PAGE_SCRIPT } from '@/lib/browser/page-script';
import { cardImagePath } from '@/lib/links';
import { resolveModel } from '@/lib/model/model-index';
import { readModelIndex } from '@/lib/server/model-files';
import { CARD_SIZE, cardAlt } from '@/lib/share';
import { configuredSiteUrl } from '@/lib/site-url';
import { SITE } from '@/lib/site';

export async function generateMetadata(): Promise<Metadata> {
  // The site's card (the homepage's, and every page's without its own) shows the site's own symbol under the default model.
  const index = await readModelIndex().catch(() => null);
  const current = index ? resolveModel(index, null) : null;
  const card = current?.ok ? { url: cardImagePath(SITE.iconSeed, current.model.id), ...CARD_SIZE, alt: cardAlt(SITE.iconSeed) } : null;
  return {
    metadataBase: new URL(configuredSiteUrl() ?? 'http://localhost:3000'),
    title: { default: SITE.name, template: `%s · ${SITE.name}` },
    description: SITE.description,
    applicationName: SITE.name,
    openGraph: { type: 'website', siteName: SITE.name, title: SITE.name, description: SITE.description, images: card ? [card] : [] },
    twitter: { card: 'summary_large_image', title: SITE.name, description: SITE.description, images: card ? [card] : [] },
  };
}

export const viewport: Viewport = {
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#f3ead6' },
    { media: '(prefers-color-scheme: dark)', color: '#13110e' },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The request's CSP nonce (proxy.ts): the page script (the theme, its buttons, the shortcuts' dialog) runs inline, so
  // it needs it. Reading the request's headers also renders every page per request, which the nonce needs anyway (Next
  // puts it on its scripts while rendering).
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  return (
    <html lang="en" className={FONT_VARIABLES} suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: PAGE_SCRIPT }} />
      </head>
      <body className="flex flex-col">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-10 btn">
          Skip to the symbol
        </a>
        <SiteHeader />
        <main id="main" className="flex flex-1 flex-col gap-16 pt-2 pb-8">
          {children}
        </main>
        <SiteFooter />
      </body>
    </html>
  );
}
