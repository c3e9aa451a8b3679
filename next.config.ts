import type { NextConfig } from 'next';

import { API_CONTENT_SECURITY_POLICY, contentSecurityPolicy } from './lib/csp';
import { configuredSiteUrl } from './lib/site-url';

// Fail at build and start, with the fix, when SITE_URL is set but not a valid origin.
configuredSiteUrl();

const dev = process.env.NODE_ENV === 'development';

/**
 * The fallback Content-Security-Policy (lib/csp, without a nonce: only the site's own script files run, no inline
 * script). proxy.ts replaces it with the nonce policy on every answer it sees, which is all but the built scripts
 * under /_next/static; those keep this one, and it is the policy the generator's worker runs under. A path the proxy
 * ever missed would fail closed: its inline scripts would not run.
 */
const csp = contentSecurityPolicy({ nonce: null, dev });

const securityHeaders = [
  { key: 'Content-Security-Policy', value: csp },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=()' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
];

/** Files whose path names their version: kept a year, never revalidated. */
const CACHE_IMMUTABLE = 'public, max-age=31536000, immutable';
/** Files that can change in place: kept a minute, then revalidated (ETag / Last-Modified make that a 304). */
const CACHE_REVALIDATE = 'public, max-age=60, must-revalidate';

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // `next dev` serves its own scripts and hot-reload socket only to the origin it names (localhost); opened as
  // 127.0.0.1 the page kept reloading and never drew a symbol.
  allowedDevOrigins: ['127.0.0.1'],
  // Every visitor gets the metadata in <head>, as bots do: Next otherwise streams an async generateMetadata's tags
  // into the body for browsers, where Lighthouse's SEO audit (and some link previewers) do not find the description.
  // A seed page's metadata costs one read of index.json, so holding the head for it costs nothing noticeable.
  htmlLimitedBots: /.*/,
  // Loaded from node_modules at run time, not bundled: one TensorFlow.js engine shared by the
  // backends, and tfjs-backend-wasm finds its .wasm file beside its own module (lib/server/generator.ts).
  serverExternalPackages: [
    '@tensorflow/tfjs-core',
    '@tensorflow/tfjs-backend-cpu',
    '@tensorflow/tfjs-backend-wasm',
    '@tensorflow/tfjs-backend-webgl',
  ],
  async headers() {
    return [
      { source: '/:path*', headers: securityHeaders },
      {
        // Images and JSON from the API never need scripts or styles from anywhere: the strictest policy (an SVG opened directly runs nothing).
        source: '/api/:path*',
        headers: [{ key: 'Content-Security-Policy', value: API_CONTENT_SECURITY_POLICY }],
      },
      // Model folders are immutable (the id names a version; index.json carries each model's sha256): a browser or CDN
      // keeps their files for a year without asking again. The later rules override this for the files that can change.
      { source: '/models/:id/:file+', headers: [{ key: 'Cache-Control', value: CACHE_IMMUTABLE }] },
      // index.json names the default model, and `evaluate --record`, `blind --guess` and a redrawn report update a
      // published folder's model-card.json and report.png (docs/model-folder.md): kept briefly, then revalidated.
      { source: '/models/index.json', headers: [{ key: 'Cache-Control', value: CACHE_REVALIDATE }] },
      { source: '/models/:id/model-card.json', headers: [{ key: 'Cache-Control', value: CACHE_REVALIDATE }] },
      { source: '/models/:id/report.png', headers: [{ key: 'Cache-Control', value: CACHE_REVALIDATE }] },
      // The tfjs wasm binaries live under the installed tfjs version's folder, so a given path never changes.
      { source: '/tfjs-wasm/:version/:file*', headers: [{ key: 'Cache-Control', value: CACHE_IMMUTABLE }] },
    ];
  },
  async rewrites() {
    // Browsers and crawlers ask for /favicon.ico whatever the page says: answer with the generated 32 px icon (app/icon.tsx).
    return [{ source: '/favicon.ico', destination: '/icon/small' }];
  },
};

export default nextConfig;
