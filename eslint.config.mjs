// ESLint: Next's own rules (React, hooks, accessibility, Core Web Vitals) and typescript-eslint's recommended set.
import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  // Generated, vendored or not the site's code (training/ is the Python half).
  globalIgnores([
    '.next/**',
    'bench/floor/.next/**',
    'out/**',
    'build/**',
    'coverage/**',
    'test-results/**',
    'playwright-report/**',
    'public/tfjs-wasm/**',
    'next-env.d.ts',
    'training/**',
  ]),
]);
