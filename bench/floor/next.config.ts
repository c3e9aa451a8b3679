import path from 'node:path';

import type { NextConfig } from 'next';

/**
 * The framework floor (bench/lighthouse.mjs, BENCH_FLOOR=1): the smallest app-router page, built with the site's own
 * Next.js and React from the repository's node_modules (hence Turbopack's root two folders up), so that Lighthouse can
 * measure what the framework costs before the site adds anything, side by side with the site's pages.
 */
const nextConfig: NextConfig = {
  poweredByHeader: false,
  turbopack: { root: path.resolve(import.meta.dirname, '../..') },
};

export default nextConfig;
