/**
 * Hostile requests against a running production server, generated and shrunk by fast-check: every route under app/
 * (tests/support/app-routes, so a new route is fuzzed the day it is added), every file under public/, the framework's
 * own paths and random ones, with broken percent-encoding, control characters, huge and unicode seeds, dot segments,
 * odd query values and every method. Each answer must hold to the site's promises (checkAnswer): no 5xx; an /api/
 * error is JSON with a message; an HTML answer carries the nonce CSP and every script in it the nonce; an answer
 * within a few seconds. Sent with node:http, which puts the path on the wire byte for byte (fetch would normalize
 * dot segments and re-encode), so the server sees what a hostile client sends.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';

import fc from 'fast-check';

import { appRoutes, routePath, type AppRoute } from '../../support/app-routes';

export type HostileRequest = { method: string; path: string; headers: Record<string, string> };
export type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string; ms: number };

const ROOT = process.cwd();
/** Every method Node's parser takes and a browser or a scanner sends (CONNECT opens a tunnel, not a request). */
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE', 'PROPFIND', 'PURGE', 'M-SEARCH'] as const;

// ---- path segments, in the raw form they take on the wire ----------------------------------------------------------

const hex2 = (n: number) => `%${n.toString(16).toUpperCase().padStart(2, '0')}`;
/** Text percent-encoded as a browser would send it. */
const encoded = (unit: 'grapheme' | 'grapheme-ascii', maxLength: number, minLength = 1) => fc.string({ unit, minLength, maxLength }).map(encodeURIComponent);

const piece = fc.oneof(
  { arbitrary: fc.constantFrom('courage', 'a%20sigil%20for%20courage', 'luna', 'x', '0', 'seed.png'), weight: 6 },
  { arbitrary: fc.stringMatching(/^[a-z0-9-]{1,12}$/), weight: 3 },
  // Unicode seeds, one grapheme at a time (emoji, combining marks, right-to-left text).
  { arbitrary: encoded('grapheme', 8), weight: 3 },
  // Huge seeds: past the 64-character limit, and now and then past the server's 16 KiB header limit.
  { arbitrary: encoded('grapheme-ascii', 400, 65), weight: 1 },
  // (Node refuses a request line past its 16 KiB header limit with a 431; lengths stay clear of the edge.)
  { arbitrary: fc.oneof(fc.integer({ min: 4_000, max: 12_000 }), fc.integer({ min: 17_000, max: 30_000 })).map((n) => 'x'.repeat(n)), weight: 1 },
  // Control characters and invisible ones (NUL, DEL, NEL, zero-width space, BOM).
  { arbitrary: fc.oneof(fc.integer({ min: 0, max: 31 }).map(hex2), fc.constantFrom('%7F', '%C2%85', '%E2%80%8B', '%EF%BB%BF', '%E2%80%AE')), weight: 3 },
  // Percent-encoding that does not decode: bad hex, cut and overlong sequences, lone surrogates, lone bytes.
  {
    arbitrary: fc.oneof(
      fc.constantFrom('%', '%Z', '%ZZ', '%G0', '%2', '%%', '%E0%A4%A', '%F0%9F%98', '%C0%AF', '%ED%A0%80', '%FF', '%80', '%C3'),
      fc.tuple(fc.constantFrom(...'0123456789ABCDEFGZz%'), fc.constantFrom(...'0123456789ABCDEFGZz%')).map(([a, b]) => `%${a}${b}`),
    ),
    weight: 4,
  },
  // Dot segments, plain and encoded, encoded separators and what URL parsers treat as one (a backslash).
  { arbitrary: fc.constantFrom('.', '..', '%2e', '%2E%2E', '.%2e', '%2e.', '...', '%2F', '%2f..%2f', '%5C', '\\', '..\\..'), weight: 3 },
  // Characters with a meaning in URLs or HTML, raw, and double encoding.
  { arbitrary: fc.constantFrom('%3F', '%23', '#', ';', '@', ':', '<script>', '"', "'", '`', '{', '|', '^', '[]', '%25', '%252F', '%2500', '+'), weight: 3 },
  // Bytes above ASCII sent raw (Latin-1 on the wire, not UTF-8).
  { arbitrary: fc.integer({ min: 0x80, max: 0xff }).map((c) => String.fromCharCode(c)), weight: 1 },
);

/** One hostile path segment: a few pieces run together (never empty). */
export const segment = fc.array(piece, { minLength: 1, maxLength: 3 }).map((p) => p.join(''));
/** A route param: a segment, now and then with a file extension, as the image and card APIs take. */
const param = fc.oneof({ arbitrary: segment, weight: 3 }, { arbitrary: fc.tuple(segment, fc.constantFrom('png', 'svg', 'PNG', 'gif', '', 'png.png')).map(([s, e]) => `${s}.${e}`), weight: 2 });
const catchAll = fc.array(param, { minLength: 1, maxLength: 3 }).map((p) => p.join('/'));

// ---- query strings -------------------------------------------------------------------------------------------------

type ModelIndexJson = { default: string; models: { id: string; styles?: { id: string }[] }[] };
const index = JSON.parse(readFileSync(path.join(ROOT, 'public/models/index.json'), 'utf8')) as ModelIndexJson;
const modelIds = index.models.map((m) => m.id);
const styleIds = [...new Set(index.models.flatMap((m) => (m.styles ?? []).map((s) => s.id)))];

/** Values each parameter takes, valid and not: bounds and just past them, other number forms, unknown ids. */
const queryValue = fc.oneof(
  { arbitrary: fc.constantFrom('64', '512', '2048', '63', '2049', '0', '-1', '1e3', '0x200', '99999999999999999999', 'NaN', 'Infinity', '1.5', '0.3', '0.29', '1.51', '-0', '1,000', '1000000', '1000001', '%20512'), weight: 4 },
  { arbitrary: fc.constantFrom(...modelIds, 'no-such-model', '../index', ''), weight: 2 },
  { arbitrary: fc.constantFrom(...styleIds, 'nope', 'RUNE', ''), weight: 2 },
  { arbitrary: fc.constantFrom('webgl', 'wasm', 'cpu', 'webgl,wasm,cpu', 'gpu'), weight: 1 },
  { arbitrary: segment, weight: 4 },
);
const queryKey = fc.oneof({ arbitrary: fc.constantFrom('size', 'm', 'k', 'ka', 'kb', 't', 'page', 'backend'), weight: 5 }, { arbitrary: segment, weight: 1 });
const query = fc
  .array(fc.tuple(queryKey, queryValue), { maxLength: 4 })
  .map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}` : ''));

// ---- paths ---------------------------------------------------------------------------------------------------------

/** Every route under app/ with its params filled by hostile text. */
function routeArbitrary(route: AppRoute): fc.Arbitrary<string> {
  const params = route.segments.flatMap((s) => (s.kind === 'static' ? [] : [s]));
  const fills = params.map((s) => (s.kind === 'dynamic' ? param : s.kind === 'catch-all' ? catchAll : fc.oneof(fc.constant(''), catchAll)));
  // routePath's index counts every segment; the fills are one per param, in order.
  const paramIndex = (i: number) => route.segments.slice(0, i).filter((s) => s.kind !== 'static').length;
  return fc.tuple(...fills).map((values) => routePath(route, (_, i) => values[paramIndex(i)] ?? 'x'));
}

/** Every file under public/ (model folders, the wasm binaries), as the site links to them. */
function publicFiles(dir = path.join(ROOT, 'public')): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    return statSync(full).isDirectory() ? publicFiles(full) : [`/${path.relative(path.join(ROOT, 'public'), full).split(path.sep).map(encodeURIComponent).join('/')}`];
  });
}

export function pathArbitrary(): fc.Arbitrary<string> {
  const routes = appRoutes();
  const files = publicFiles();
  const wasmVersion = readdirSync(path.join(ROOT, 'public/tfjs-wasm'))[0] ?? '0';
  const model = fc.oneof(fc.constantFrom(...modelIds), segment);
  const paths = fc.oneof(
    { arbitrary: fc.oneof(...routes.map(routeArbitrary)), weight: 12 },
    { arbitrary: fc.constantFrom(...files), weight: 2 },
    // A model folder's files, under a real id or a hostile one, by a real name or a hostile one.
    { arbitrary: fc.tuple(model, fc.oneof(fc.constantFrom('model.json', 'golden.json', 'model-card.json', 'samples.png', 'report.png', 'real-symbols.json', 'denoiser/model.json'), segment)).map(([id, f]) => `/models/${id}/${f}`), weight: 2 },
    { arbitrary: segment.map((f) => `/tfjs-wasm/${wasmVersion}/${f}`), weight: 1 },
    // The framework's own paths: built files, the image optimizer, data routes.
    { arbitrary: fc.tuple(fc.constantFrom('/_next/static/', '/_next/static/chunks/', '/_next/image?url=', '/_next/data/x/', '/_next/'), segment).map(([p, s]) => `${p}${s}`), weight: 1 },
    // Anything at all: paths no route has.
    { arbitrary: fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => `/${s.join('/')}`), weight: 2 },
  );
  return fc.tuple(paths, query).map(([p, q]) => (p.includes('?') ? `${p}${q.replace('?', '&')}` : `${p}${q}`));
}

// ---- requests ------------------------------------------------------------------------------------------------------

const method = fc.oneof({ arbitrary: fc.constant('GET'), weight: 10 }, { arbitrary: fc.constant('HEAD'), weight: 2 }, { arbitrary: fc.constantFrom(...METHODS), weight: 4 });
/**
 * Now and then a request as the app router's client sends it (an RSC fetch, a prefetch), or with the range and
 * conditional headers caches and download managers send, satisfiable or not.
 */
const headerValue = (name: string, values: string[]) => fc.constantFrom(...values).map((v): Record<string, string> => ({ [name]: v }));
const headers: fc.Arbitrary<Record<string, string>> = fc.oneof(
  { arbitrary: fc.constant({}), weight: 12 },
  { arbitrary: fc.constantFrom<Record<string, string>>({ rsc: '1' }, { rsc: '1', 'next-router-prefetch': '1' }, { accept: 'text/x-component' }, { 'next-router-state-tree': '%ZZ' }), weight: 1 },
  { arbitrary: headerValue('range', ['bytes=0-9', 'bytes=99999999-', 'bytes=5-1', 'bytes=-0', 'garbage', 'bytes=0-1,3-4']), weight: 1 },
  { arbitrary: headerValue('if-match', ['"nope"', '*', 'W/"x"']), weight: 1 },
  { arbitrary: headerValue('if-unmodified-since', ['Mon, 01 Jan 1990 00:00:00 GMT', 'garbage']), weight: 1 },
  { arbitrary: headerValue('if-none-match', ['*', '"x"', 'garbage']), weight: 1 },
  { arbitrary: headerValue('if-modified-since', ['Mon, 01 Jan 2100 00:00:00 GMT', 'garbage']), weight: 1 },
);

export const hostileRequest: fc.Arbitrary<HostileRequest> = fc.record({ method, path: pathArbitrary(), headers });

/** The answers the issue found as 500s: the property's first cases, every run. */
export const KNOWN_CASES: HostileRequest[] = ['GET', 'HEAD', 'POST', 'DELETE'].flatMap((m) =>
  ['/models/%ZZ', '/models/%F0%9F%98'].map((p) => ({ method: m, path: p, headers: {} })),
);

// ---- sending and checking ------------------------------------------------------------------------------------------

/** Paths cut short for reports: a huge seed is a few characters and a length. */
const shortPath = (p: string) => (p.length > 200 ? `${p.slice(0, 200)}… (${p.length} characters)` : p);

/**
 * The most of an answer's head the client reads: a browser takes far more than Node's default 16 KiB, and a redirect
 * for a huge path (Location and Refresh both name it) is a right answer that a default Node client cannot parse.
 */
const CLIENT_HEADER_LIMIT = 256 * 1024;
/** The most of a body read (the largest public file is under 1 MB). */
const BODY_LIMIT = 4 * 1024 * 1024;

/**
 * Sends the request as is, on a connection of its own (so that no request's answer depends on an earlier one: a
 * shrunk failure replays alone); rejects when no answer comes within timeoutMs.
 */
export function send(base: URL, req: HostileRequest, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const body = ['POST', 'PUT', 'PATCH'].includes(req.method) ? 'seed=%ZZ&x=1' : undefined;
    const r = http.request(
      { host: base.hostname, port: base.port, method: req.method, path: req.path, agent: false, maxHeaderSize: CLIENT_HEADER_LIMIT, headers: { ...req.headers, ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          if ((size += c.length) <= BODY_LIMIT) chunks.push(c);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - t0 }));
        res.on('error', reject);
      },
    );
    r.setTimeout(timeoutMs, () => r.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    r.on('error', reject);
    r.end(body);
  });
}

/** The path as the server routes it: WHATWG URL parsing resolves dot segments (encoded ones too) and backslashes. */
export function routedPath(rawPath: string): string {
  try {
    return new URL(rawPath, 'http://host').pathname;
  } catch {
    return rawPath;
  }
}

/** Node's own limit on a request's head (--max-http-header-size, the request line included): past it, a 431. */
const HEADER_LIMIT = 16 * 1024;
/** Room for the rest of the head (host, content type): a path shorter than the limit by this much is always read. */
const HEAD_ROOM = 512;

/**
 * What Node's HTTP parser does before any of the site's code runs: a request target with raw bytes outside visible
 * ASCII is not HTTP (400, connection closed); a head past the limit gets 431 and the connection is closed, often
 * while the client is still sending, which the client sees as a reset. 'maybe': a path so near the limit that
 * either is right. Null: the site answers.
 */
export function parserRefusal(req: HostileRequest): 400 | 431 | 'maybe' | null {
  if (/[^\x21-\x7e]/.test(req.path)) return 400;
  if (req.path.length > HEADER_LIMIT) return 431;
  if (req.path.length > HEADER_LIMIT - HEAD_ROOM) return 'maybe';
  return null;
}

/** Throws, saying what broke, when an answer breaks one of the site's promises. */
export function checkAnswer(req: HostileRequest, answer: Answer, timeoutMs: number): void {
  const where = `${req.method} ${shortPath(req.path)}`;
  const fail = (why: string): never => {
    throw new Error(`${where} -> ${answer.status}: ${why}\n${answer.body.slice(0, 500)}`);
  };
  if (answer.status >= 500) fail('a server error');
  if (answer.ms > timeoutMs) fail(`answered after ${Math.round(answer.ms)} ms`);
  const refusal = parserRefusal(req);
  if (refusal === 'maybe' && answer.status === 431) return;
  if (refusal === 400 || refusal === 431) {
    // Refused by Node before the site sees it: no JSON or CSP to expect, only that refusal.
    if (answer.status !== refusal) fail(`expected Node's own ${refusal} for a request it cannot parse`);
    return;
  }
  const type = String(answer.headers['content-type'] ?? '');
  const api = routedPath(req.path).startsWith('/api/') || routedPath(req.path) === '/api';
  if (api && answer.status >= 400) {
    if (!type.startsWith('application/json')) fail(`an API error that is not JSON (${type || 'no content type'})`);
    if (req.method !== 'HEAD') {
      let message: unknown;
      try {
        message = (JSON.parse(answer.body) as { error?: unknown }).error;
      } catch {
        fail('an API error whose body is not JSON');
      }
      if (typeof message !== 'string' || !message) fail('an API error without a message');
    }
  }
  if (type.startsWith('text/html')) {
    const csp = String(answer.headers['content-security-policy'] ?? '');
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    if (!nonce) fail(`an HTML answer without the nonce Content-Security-Policy (${csp || 'none'})`);
    const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src')) ?? '';
    if (scriptSrc.includes("'unsafe-inline'")) fail("an HTML answer whose script-src allows 'unsafe-inline'");
    const bare = [...answer.body.matchAll(/<script\b[^>]*>/gi)].map((m) => m[0]).filter((tag) => !tag.includes(`nonce="${nonce}"`));
    if (bare.length) fail(`scripts without the answer's nonce: ${bare.slice(0, 3).join(' ')}`);
  }
}

export type FuzzSettings = { seed: number; path?: string; requests: number; concurrency: number; timeoutMs: number };
export type FuzzReport = { requests: number; byStatus: Record<string, number>; slowestMs: number; slowest: string; seconds: number };

const describeBatch = (batch: HostileRequest[]) => batch.map((r) => `  ${r.method} ${shortPath(r.path)}${Object.keys(r.headers).length ? ` ${JSON.stringify(r.headers)}` : ''}`).join('\n');

/** The pages and images drawn once before the property, so that loading the model is not counted against an answer. */
const WARM_UP = ['/', '/s/courage', '/morph/courage/luna', '/gallery', '/api/symbol/courage.png', '/api/card/courage.png', '/icon/small'];

/**
 * The property: every batch of `concurrency` requests, sent at once, answered as checkAnswer wants. fast-check runs
 * it with `seed` (the same requests every run), the known cases first, and shrinks a failing batch to its simplest
 * form; the error says how to replay it (FUZZ_SEED and FUZZ_PATH), the shrunk requests and what broke.
 */
export async function fuzzServer(options: FuzzSettings & { base: string; log?: (line: string) => void }): Promise<FuzzReport> {
  const base = new URL(options.base);
  for (const path of WARM_UP) await send(base, { method: 'GET', path, headers: {} }, 120_000);
  const report: FuzzReport = { requests: 0, byStatus: {}, slowestMs: 0, slowest: '', seconds: 0 };
  const count = (key: string | number) => (report.byStatus[key] = (report.byStatus[key] ?? 0) + 1);
  const t0 = performance.now();
  const property = fc.asyncProperty(fc.array(hostileRequest, { minLength: options.concurrency, maxLength: options.concurrency }), async (batch) => {
    const answers = await Promise.all(batch.map((req) => send(base, req, options.timeoutMs).then((a) => ({ req, a }), (e: Error) => ({ req, e }))));
    for (const result of answers) {
      report.requests++;
      if ('e' in result) {
        count('reset');
        // Node closing the connection on a head past its limit while the request is still being sent: its refusal.
        if (parserRefusal(result.req) !== null && /ECONNRESET|EPIPE|socket hang up/.test(result.e.message)) continue;
        throw new Error(`${result.req.method} ${shortPath(result.req.path)}: ${result.e.message}`);
      }
      const { req, a } = result;
      count(a.status);
      if (a.ms > report.slowestMs) Object.assign(report, { slowestMs: Math.round(a.ms), slowest: `${req.method} ${shortPath(req.path)}` });
      checkAnswer(req, a, options.timeoutMs);
    }
  });
  const examples = KNOWN_CASES.map((c) => [Array.from({ length: options.concurrency }, () => c)] as [HostileRequest[]]);
  const numRuns = Math.ceil(options.requests / options.concurrency);
  const details = await fc.check(property, { seed: options.seed, path: options.path, numRuns, examples });
  report.seconds = (performance.now() - t0) / 1000;
  options.log?.(`fuzz: seed ${options.seed}, ${report.requests} requests in ${report.seconds.toFixed(1)} s, statuses ${JSON.stringify(report.byStatus)}, slowest ${report.slowestMs} ms (${report.slowest})`);
  if (details.failed) {
    const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    const batch = details.counterexample?.[0] ?? [];
    throw new Error(
      `The fuzz found an answer that breaks the site's promises after ${details.numRuns} batches (shrunk ${details.numShrinks} times).\n` +
        `Replay: FUZZ_SEED=${details.seed} FUZZ_PATH=${details.counterexamplePath ?? ''} FUZZ_CONCURRENCY=${options.concurrency}\n` +
        `Shrunk requests:\n${describeBatch(batch)}\nWhat broke: ${error}`,
    );
  }
  return report;
}

/**
 * From the environment: FUZZ_SEED (a number to replay a run, `random` for a new one; unset, the fixed seed CI runs),
 * FUZZ_PATH (with FUZZ_SEED, replays a reported failure straight away), FUZZ_REQUESTS (default 2,000),
 * FUZZ_CONCURRENCY (requests in flight, default 4), FUZZ_TIMEOUT_MS (the most an answer may take, default 5,000).
 */
export function fuzzSettings(env: NodeJS.ProcessEnv = process.env): FuzzSettings {
  const whole = (name: string, fallback: number, min: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be a whole number of at least ${min}, not "${raw}"`);
    return n;
  };
  const seed = env.FUZZ_SEED === 'random' ? Math.floor(Math.random() * 2 ** 31) : whole('FUZZ_SEED', 20261224, -(2 ** 31));
  if (env.FUZZ_PATH && !/^\d+(:\d+)*$/.test(env.FUZZ_PATH)) throw new Error(`FUZZ_PATH must be the path a failed run printed (digits and colons), not "${env.FUZZ_PATH}"`);
  return {
    seed,
    ...(env.FUZZ_PATH ? { path: env.FUZZ_PATH } : {}),
    requests: whole('FUZZ_REQUESTS', 2000, 1),
    concurrency: whole('FUZZ_CONCURRENCY', 4, 1),
    timeoutMs: whole('FUZZ_TIMEOUT_MS', 5000, 100),
  };
}
