/**
 * proxy.ts reaches every route and answers what the router would fail on: each dynamic segment under app/ (found by
 * walking the folders, so a new route is checked the day it is added) with a path that does not decode gets a clear
 * page or a 400 JSON, never the router's 500; other methods get 405; every page gets the nonce CSP. The matcher is
 * compiled as Next compiles it (get-page-static-info, middleware-route-matcher).
 */
import { readdirSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';

import * as pageStaticInfo from 'next/dist/build/analysis/get-page-static-info';
import { getMiddlewareRouteMatcher } from 'next/dist/shared/lib/router/utils/middleware-route-matcher';
import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';

import { FORBIDDEN_METHODS, refuseForbiddenMethods } from '@/lib/server/forbidden-methods';
import { guardApiRequest, guardPageRequest } from '@/lib/server/request-guard';

import nextConfig from '../../next.config';
import { config, proxy } from '../../proxy';
import { appRoutes, hasParam, routePath, type AppRoute } from '../support/app-routes';

// Next's own compiler of proxy matchers (exported, but left out of its type declarations).
const { getMiddlewareMatchers } = pageStaticInfo as unknown as { getMiddlewareMatchers: (matcher: unknown, config: unknown) => pageStaticInfo.ProxyMatcher[] };
const matchers = getMiddlewareMatchers(config.matcher, { ...nextConfig, i18n: nextConfig.i18n ?? null, basePath: nextConfig.basePath ?? '' });
const matches = getMiddlewareRouteMatcher(matchers);
const reached = (pathname: string) => matches(pathname, { headers: {} } as never, {});

const ROUTES = appRoutes();
/** Percent-encodings that do not decode to UTF-8: a bad hex digit, a cut 4- and 3-byte sequence, a lone %, an overlong form. */
const BROKEN = ['%ZZ', '%F0%9F%98', '%E0%A4%A', '%', '%C0%AF'];
// TRACE too, but a Request cannot be made with it here (undici refuses it); the guard's own tests below have it.
const OTHER_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** The route's path with every param replaced by `text` (a catch-all gets a second segment after it). */
const pathWith = (route: AppRoute, text: string) => routePath(route, (s) => (s.kind === 'dynamic' ? text : `${text}/x`));
const call = (pathname: string, method = 'GET') => proxy(new NextRequest(`http://localhost${pathname}`, { method })) as Response;
const rewrittenTo = (res: Response) => {
  const to = res.headers.get('x-middleware-rewrite');
  return to ? new URL(to).pathname : null;
};
const scriptSrc = (csp: string) => csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src ')) ?? '';

describe('the routes under app/', () => {
  it('are found by walking the folders, params and metadata routes included', () => {
    const label = (r: AppRoute) => routePath(r, (s) => (s.kind === 'dynamic' ? `[${s.name}]` : s.kind === 'catch-all' ? `[...${s.name}]` : `[[...${s.name}]]`));
    expect(ROUTES.filter(hasParam).map(label)).toEqual(
      expect.arrayContaining(['/models/[id]', '/s/[seed]', '/morph/[a]/[b]', '/api/symbol/[file]', '/api/card/[file]', '/api/[[...path]]', '/icon/[id]', '/z/[code]', '/api/symbol/z/[file]', '/api/card/z/[file]']),
    );
    const paths = ROUTES.map((r) => routePath(r, () => 'x'));
    expect(paths).toEqual(expect.arrayContaining(['/', '/gallery', '/seeds', '/real-or-not', '/invalid-link', '/sitemap.xml', '/robots.txt', '/manifest.webmanifest', '/apple-icon', '/icon/x']));
  });
});

describe('proxy.ts on every dynamic segment', () => {
  const cases = ROUTES.filter(hasParam).flatMap((route) => BROKEN.map((bad) => ({ route, path: pathWith(route, bad) })));

  it('is reached by the matcher, for every route and every broken encoding', () => {
    expect(cases.length).toBeGreaterThanOrEqual(7 * BROKEN.length);
    expect(cases.filter((c) => !reached(c.path)).map((c) => c.path)).toEqual([]);
  });

  it('answers an undecodable path with the invalid-link page (pages) or 400 JSON (/api/), for GET and HEAD', async () => {
    for (const { route, path } of cases) {
      for (const method of ['GET', 'HEAD']) {
        const res = call(path, method);
        if (route.api) {
          expect(res.status, `${method} ${path}`).toBe(400);
          expect(res.headers.get('content-type'), path).toMatch(/^application\/json/);
          expect(((await res.json()) as { error: string }).error, path).toMatch(/percent-encoded/);
        } else {
          expect(rewrittenTo(res), `${method} ${path}`).toBe('/invalid-link');
        }
      }
    }
  });

  it('answers other methods with 405 and Allow: GET, HEAD, broken path or not (JSON on /api/)', async () => {
    for (const { route, path } of cases) {
      for (const p of [path, pathWith(route, 'courage')]) {
        for (const method of OTHER_METHODS) {
          const res = call(p, method);
          expect(res.status, `${method} ${p}`).toBe(405);
          expect(res.headers.get('allow')).toBe('GET, HEAD');
          if (route.api) expect(((await res.json()) as { error: string }).error).toContain(method);
        }
      }
    }
  });

  it('lets a valid path through', () => {
    for (const route of ROUTES.filter(hasParam)) {
      const res = call(pathWith(route, 'a%20sigil'));
      expect(res.headers.get('x-middleware-next'), route.dir).toBe('1');
    }
  });
});

describe('the nonce Content-Security-Policy', () => {
  const pages = ROUTES.filter((r) => !r.api);

  it('is on every answer outside /api/, a fresh nonce each time, handed to the render as x-nonce and in the request CSP', () => {
    const seen = new Set<string>();
    for (const route of pages) {
      const path = routePath(route, () => 'courage');
      expect(reached(path), path).toBe(true);
      const res = call(path);
      const csp = res.headers.get('content-security-policy') ?? '';
      const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
      expect(nonce, path).toBeTruthy();
      expect(nonce!.length).toBeGreaterThanOrEqual(22); // 128 bits in base64
      expect(seen.has(nonce!), 'nonce repeated').toBe(false);
      seen.add(nonce!);
      expect(res.headers.get('x-middleware-request-x-nonce')).toBe(nonce);
      expect(res.headers.get('x-middleware-request-content-security-policy')).toBe(csp);
      expect(scriptSrc(csp)).not.toContain("'unsafe-inline'");
      expect(scriptSrc(csp)).not.toContain("'unsafe-eval'");
      expect(scriptSrc(csp)).toContain("'strict-dynamic'");
      expect(scriptSrc(csp)).toContain("'wasm-unsafe-eval'");
    }
  });

  it('is on the invalid-link rewrite too', () => {
    expect(call('/models/%ZZ').headers.get('x-middleware-request-x-nonce')).toBeTruthy();
    expect(call('/models/%ZZ').headers.get('content-security-policy')).toMatch(/'nonce-/);
  });

  it('leaves the API to its own policy and the built scripts to the fallback (next.config.ts); every path is reached', () => {
    expect(call('/api/symbol/x.png').headers.get('content-security-policy')).toBeNull();
    const asset = call('/_next/static/chunks/main.js');
    expect(asset.headers.get('x-middleware-next')).toBe('1');
    expect(asset.headers.get('content-security-policy')).toBeNull();
    expect(asset.headers.get('x-middleware-request-x-nonce')).toBeNull();
    for (const p of ['/_next/static/chunks/main.js', '/models/index.json', '/models/sigil-64-20261201/model.json', '/tfjs-wasm/4.22.0/tfjs-backend-wasm.wasm', '/favicon.ico', '/.env', '/x/%ZZ']) {
      expect(reached(p), p).toBe(true);
    }
  });
});

describe('files (public/ and the built assets)', () => {
  it('are asked for without the Range and precondition headers that the file server turns into 500s; If-None-Match stays', () => {
    for (const path of ['/models/index.json', '/_next/static/chunks/main.js']) {
      const request = new NextRequest(`http://localhost${path}`, {
        headers: { range: 'bytes=99999999-', 'if-range': '"x"', 'if-match': '"nope"', 'if-unmodified-since': 'Mon, 01 Jan 1990 00:00:00 GMT', 'if-none-match': '"etag"' },
      });
      const res = proxy(request) as Response;
      const kept = (res.headers.get('x-middleware-override-headers') ?? '').split(',');
      expect(kept, path).toContain('if-none-match');
      for (const dropped of ['range', 'if-range', 'if-match', 'if-unmodified-since']) expect(kept, `${path} ${dropped}`).not.toContain(dropped);
    }
  });

  it('include no dotfile: Next refuses one with a status it then fails to render, a 500', () => {
    const dotfiles = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.name.startsWith('.') ? [path.join(dir, e.name)] : e.isDirectory() ? dotfiles(path.join(dir, e.name)) : []));
    expect(dotfiles('public')).toEqual([]);
  });
});

describe('request-guard', () => {
  it('API: 405 + Allow for other methods, 400 for undecodable paths, the rest through', async () => {
    expect(guardApiRequest('GET', '/api/symbol/a%20b.png')).toBeNull();
    expect(guardApiRequest('HEAD', '/api/symbol/x.png')).toBeNull();
    for (const method of ['POST', 'TRACE', 'PROPFIND']) {
      const res = guardApiRequest(method, '/api/symbol/x.png')!;
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('GET, HEAD');
    }
    for (const path of ['/api/symbol/%ZZ.png', '/api/symbol/%C0%AF.png', '/api/symbol/%E0%A4%A.png']) {
      const res = guardApiRequest('GET', path)!;
      expect(res.status, path).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(/percent-encoded/);
    }
  });

  it('pages: pass, invalid-link or 405 with a plain-text reason', async () => {
    expect(guardPageRequest('GET', '/s/a%20b')).toEqual({ kind: 'pass' });
    expect(guardPageRequest('HEAD', '/models/%ZZ')).toEqual({ kind: 'invalid-link' });
    const refused = guardPageRequest('DELETE', '/models/x');
    expect(refused.kind).toBe('refuse');
    if (refused.kind !== 'refuse') return;
    expect(refused.response.status).toBe(405);
    expect(refused.response.headers.get('allow')).toBe('GET, HEAD');
    expect(await refused.response.text()).toMatch(/DELETE is not allowed/);
  });
});

describe('TRACE (lib/server/forbidden-methods)', () => {
  it('gets 405 from the Node server itself, JSON on /api/, before Next (which cannot make a Request of it)', async () => {
    expect(() => new Request('http://localhost/', { method: 'TRACE' })).toThrow(/unsupported/);
    refuseForbiddenMethods();
    refuseForbiddenMethods(); // idempotent
    const server = http.createServer((_, res) => res.end('handled'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const ask = (method: string, path: string) =>
      new Promise<{ status: number; allow?: string; type?: string; body: string }>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port, method, path, agent: false }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode!, allow: res.headers.allow, type: res.headers['content-type'], body }));
        });
        req.on('error', reject);
        req.end();
      });
    try {
      expect(FORBIDDEN_METHODS.has('TRACE')).toBe(true);
      const page = await ask('TRACE', '/models/%ZZ');
      expect(page).toMatchObject({ status: 405, allow: 'GET, HEAD', type: 'text/plain; charset=utf-8' });
      expect(page.body).toMatch(/TRACE is not allowed/);
      const api = await ask('TRACE', '/api/symbol/x.png?size=64');
      expect(api).toMatchObject({ status: 405, type: 'application/json' });
      expect(JSON.parse(api.body)).toEqual({ error: 'Method TRACE is not allowed here; use GET or HEAD.', status: 405 });
      expect(await ask('GET', '/')).toMatchObject({ status: 200, body: 'handled' });
    } finally {
      server.close();
    }
  });
});
