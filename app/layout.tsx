import '@fontsource/cinzel/400.css';
import '@fontsource/cinzel/600.css';
import '@fontsource/cormorant-garamond/500-italic.css';
import '@fontsource-variable/inter';
import './globals.css';

import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';

import { SiteFooter } from '@/components/site/site-footer';
import { SiteHeader } from '@/components/site/site-header';
import { THEME_SCRIPT } from '@/components/site/theme-toggle';

export const metadata: Metadata = {
  title: { default: 'This Symbol Does Not Exist', template: '%s · This Symbol Does Not Exist' },
  description: 'A new magic symbol, sigil or rune on every visit, drawn in your browser by a neural network. Any phrase has its own symbol.',
};

export const viewport: Viewport = {
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#f3ead6' },
    { media: '(prefers-color-scheme: dark)', color: '#13110e' },
  ],
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
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
