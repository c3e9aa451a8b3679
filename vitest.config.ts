import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('./', import.meta.url)),
      // Next resolves `server-only` to an empty module on the server and to a throwing one in client bundles;
      // unit tests run lib/server in Node, so they get the server's (as next/jest does).
      'server-only': 'next/dist/compiled/server-only/empty.js',
    },
  },
  test: {
    // Only unit tests: Playwright specs in tests/e2e must never be picked up here.
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    pool: 'forks',
  },
});
