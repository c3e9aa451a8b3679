import type { NextConfig } from 'next';

import { configuredSiteUrl } from './lib/site-url';

// Fail at build and start, with the fix, when SITE_URL is set but not a valid origin.
configuredSiteUrl();

const dev = process.env.NODE_ENV === 'development';

/**
 * Content-Security-Policy: only what the site uses.
 * - script-src 'unsafe-inline': Next's App Router streams its RSC payload in inline <script> tags
 *   and the theme script runs inline before paint. The alternative, a per-request nonce, forces
 *   every page to render dynamically (no static homepage, no CDN-cached pages) for little gain
 *   here: the site renders no third-party or user-supplied HTML (seeds are React text, escaped).
 *   No 'unsafe-eval' in production (React needs it only in development).
 * - 'wasm-unsafe-eval': TensorFlow.js's wasm backend (the fallback when WebGL is missing) compiles
 *   /tfjs-wasm/<version>/*.wasm; it lets WebAssembly compile, not JavaScript eval.
 * - No worker-src: it falls back to script-src 'self', which admits the one worker, the generator's
 *   (lib/browser/generator-worker), a same-origin script. A worker follows the policy sent with its own
 *   script, this same one, so the wasm backend may compile there and connect-src covers its downloads.
 * - style-src 'self': only the built stylesheets; no inline styles are needed (checked by the e2e
 *   test that collects securitypolicyviolation events). `next dev` adds 'unsafe-inline': its overlay and
 *   dev indicator style themselves inline, and were left unstyled (and reported) without it.
 * - connect-src 'self': model files, the wasm binaries and the RSC requests are all same-origin.
 * - img-src data: blob:: sample sheet and symbols are same-origin, data:/blob: for canvas downloads.
 * - frame-ancestors 'none': the site is never framed (clickjacking); X-Frame-Options for old browsers.
 * The API (/api/*) gets a stricter policy still: its images and JSON need nothing at all.
 */
const csp = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'${dev ? " 'unsafe-eval'" : ''}`,
  `style-src 'self'${dev ? " 'unsafe-inline'" : ''}`,
  "img-src 'self' data: blob:",
  "font-src 'self'",
  `connect-src 'self'${dev ? ' ws: wss:' : ''}`,
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

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
        headers: [{ key: 'Content-Security-Policy', value: "default-src 'none'; img-src data:; style-src 'unsafe-inline'; frame-ancestors 'none'; sandbox" }],
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
