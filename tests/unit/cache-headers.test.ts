/**
 * next.config.ts's headers() as Next applies them: its own route checks (load-custom-routes) and matcher
 * (path-match, strict, as the router builds it), every matching rule in order, a later rule's key replacing an
 * earlier one's. Model folders and the versioned tfjs wasm binaries are immutable; what can change is revalidated.
 */
import loadCustomRoutes from 'next/dist/lib/load-custom-routes';
import { getPathMatch } from 'next/dist/shared/lib/router/utils/path-match';
import { beforeAll, describe, expect, it } from 'vitest';

import nextConfig from '../../next.config';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'public, max-age=60, must-revalidate';

type HeaderRoute = { source: string; headers: { key: string; value: string }[] };
let routes: HeaderRoute[];

beforeAll(async () => {
  ({ headers: routes } = await loadCustomRoutes(nextConfig));
});

/** The headers (lower-case keys) the rules give a request for `pathname`. */
function headersFor(pathname: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const route of routes) {
    if (!getPathMatch(route.source, { strict: true, removeUnnamedParams: true })(pathname)) continue;
    for (const { key, value } of route.headers) out[key.toLowerCase()] = value;
  }
  return out;
}

describe('Cache-Control from next.config.ts', () => {
  it('makes every file of a model folder immutable for a year, the denoiser folder included', () => {
    for (const file of ['model.json', 'group1-shard1of1.bin', 'golden.json', 'samples.png', 'denoiser/model.json', 'denoiser/group1-shard1of1.bin']) {
      expect(headersFor(`/models/sigil-64-20261201/${file}`)['cache-control'], file).toBe(IMMUTABLE);
    }
  });

  it('keeps index.json and the files a published folder may still gain (card, report) briefly, then revalidates', () => {
    expect(headersFor('/models/index.json')['cache-control']).toBe(REVALIDATE);
    expect(headersFor('/models/sigil-64-20261201/model-card.json')['cache-control']).toBe(REVALIDATE);
    expect(headersFor('/models/sigil-64-20261201/report.png')['cache-control']).toBe(REVALIDATE);
  });

  it('leaves the model pages (/models/<id>) to Next: they are pages, not folder files', () => {
    expect(headersFor('/models/sigil-64-20261201')['cache-control']).toBeUndefined();
    expect(headersFor('/')['cache-control']).toBeUndefined();
    expect(headersFor('/s/courage')['cache-control']).toBeUndefined();
  });

  it('makes the tfjs wasm binaries under their version folder immutable', () => {
    expect(headersFor('/tfjs-wasm/4.22.0/tfjs-backend-wasm-simd.wasm')['cache-control']).toBe(IMMUTABLE);
    expect(headersFor('/tfjs-wasm/4.22.0/tfjs-backend-wasm.wasm')['cache-control']).toBe(IMMUTABLE);
  });

  it('keeps the security headers on the files it caches', () => {
    for (const path of ['/models/index.json', '/models/sigil-64-20261201/model.json', '/tfjs-wasm/4.22.0/tfjs-backend-wasm.wasm', '/_next/static/chunks/main.js']) {
      const headers = headersFor(path);
      expect(headers['x-content-type-options'], path).toBe('nosniff');
      expect(headers['content-security-policy'], path).toContain("default-src 'self'");
      // The fallback policy (proxy.ts puts the nonce one on pages): no inline script at all.
      expect(headers['content-security-policy'], path).not.toContain("'unsafe-inline'");
    }
  });
});
