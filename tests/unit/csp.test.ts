/** The Content-Security-Policy (lib/csp): no inline script without the nonce, eval only in development. */
import { describe, expect, it } from 'vitest';

import { contentSecurityPolicy, newNonce } from '@/lib/csp';

const directive = (csp: string, name: string) => csp.split('; ').find((d) => d.startsWith(`${name} `)) ?? '';

describe('Content-Security-Policy', () => {
  it('production pages: the nonce and strict-dynamic, no unsafe-inline or unsafe-eval in script-src', () => {
    const csp = contentSecurityPolicy({ nonce: 'abc123==', dev: false });
    expect(directive(csp, 'script-src')).toBe("script-src 'self' 'nonce-abc123==' 'strict-dynamic' 'wasm-unsafe-eval'");
    expect(directive(csp, 'worker-src')).toBe("worker-src 'self'");
    expect(directive(csp, 'style-src')).toBe("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('the fallback without a nonce runs only the site’s own script files', () => {
    const csp = contentSecurityPolicy({ nonce: null, dev: false });
    expect(directive(csp, 'script-src')).toBe("script-src 'self' 'wasm-unsafe-eval'");
  });

  it('development adds eval (React’s error stacks), inline styles (the dev overlay) and the HMR socket', () => {
    const csp = contentSecurityPolicy({ nonce: 'n', dev: true });
    expect(directive(csp, 'script-src')).toContain("'unsafe-eval'");
    expect(directive(csp, 'script-src')).not.toContain("'unsafe-inline'");
    expect(directive(csp, 'style-src')).toBe("style-src 'self' 'unsafe-inline'");
    expect(directive(csp, 'connect-src')).toBe("connect-src 'self' ws: wss:");
  });

  it('nonces are 128 random bits in base64, never the same twice', () => {
    const nonces = Array.from({ length: 1000 }, newNonce);
    expect(new Set(nonces).size).toBe(1000);
    for (const n of nonces) expect(n).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });
});
