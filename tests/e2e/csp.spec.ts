/**
 * The nonce Content-Security-Policy (lib/csp, proxy.ts): every page type answers with a fresh nonce and no
 * 'unsafe-inline' for scripts, runs its scripts (the theme script before paint, hydration, the generator's worker
 * with the wasm backend) without a single securitypolicyviolation, and an inline script that was not sent with the
 * page's nonce is blocked while one carrying it runs.
 */
import { expect, test, type Page } from '@playwright/test';

import { COLLECT_CSP_VIOLATIONS, cspViolations, modelIndex, symbol, waitReady } from './helpers';

const html = (page: Page) => page.locator('html');

/** Each page type, and what shows it has drawn (or said) what it is for. `?backend=wasm` draws in the worker with wasm. */
const PAGES: { name: string; path: string; status?: number; ready: (page: Page) => Promise<void> }[] = [
  {
    name: 'the homepage (and Another, drawn in the worker)',
    path: '/',
    ready: async (page) => {
      await waitReady(page);
      await page.getByRole('button', { name: 'Another' }).click();
      await expect(symbol(page)).toHaveAttribute('data-backend', /^(webgl|wasm|cpu)$/, { timeout: 240_000 });
    },
  },
  { name: 'a seed page', path: '/s/courage', ready: waitReady },
  { name: 'a morph', path: '/morph/courage/luna?backend=wasm', ready: (page) => expect(page.getByTestId('morph')).toHaveAttribute('data-backend', 'wasm', { timeout: 240_000 }) },
  { name: 'the gallery', path: '/gallery?backend=wasm', ready: (page) => expect(page.locator('[data-testid=gallery-tile][data-state=ready]').first()).toBeVisible({ timeout: 240_000 }) },
  { name: 'Which one is real?', path: '/real-or-not?backend=wasm', ready: (page) => expect(page.getByTestId('real-or-not')).toHaveAttribute('data-state', 'guessing', { timeout: 240_000 }) },
  {
    name: 'the sample seeds',
    path: '/seeds',
    ready: async (page) => {
      const first = page.getByTestId('sample-seeds').getByRole('link').first().locator('img');
      await expect.poll(() => first.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    },
  },
  { name: 'a model page', path: `/models/${modelIndex().default}`, ready: (page) => expect(page.getByTestId('fidelity')).toBeVisible() },
  { name: 'the invalid-link page', path: '/invalid-link', ready: (page) => expect(page.getByText('not valid percent-encoded text')).toBeVisible() },
  { name: 'a broken model link, rewritten to the invalid-link page', path: '/models/%ZZ', ready: (page) => expect(page.getByText('not valid percent-encoded text')).toBeVisible() },
  { name: 'the 404 page', path: '/no-such-page', status: 404, ready: (page) => expect(page.getByRole('heading', { name: 'Nothing here' })).toBeVisible() },
];

test('every page type runs under the nonce policy without a single CSP violation', async ({ page }) => {
  test.setTimeout(900_000);
  await page.addInitScript(COLLECT_CSP_VIOLATIONS);
  const nonces = new Set<string>();
  for (const { name, path, status = 200, ready } of PAGES) {
    await test.step(name, async () => {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(status);
      const csp = response!.headers()['content-security-policy'] ?? '';
      const scriptSrc = csp.split('; ').find((d) => d.startsWith('script-src ')) ?? '';
      expect(scriptSrc, path).toMatch(/'nonce-[A-Za-z0-9+/]+=*' 'strict-dynamic'/);
      expect(scriptSrc, path).not.toContain("'unsafe-inline'");
      expect(scriptSrc, path).not.toContain("'unsafe-eval'");
      const nonce = /'nonce-([^']+)'/.exec(scriptSrc)![1]!;
      expect(nonces.has(nonce), `${path}: a nonce seen before`).toBe(false);
      nonces.add(nonce);

      // The theme script ran before paint (it carries the nonce), and the page's scripts run: the theme button works.
      await expect(html(page)).toHaveAttribute('data-theme', /^(light|dark)$/);
      await ready(page);
      const before = await html(page).getAttribute('data-theme');
      const toggle = page.getByRole('button', { name: /^Switch to the (light|dark) theme$/ });
      // A click before hydration is not heard: click until it is.
      await expect(async () => {
        await toggle.click();
        await expect(html(page)).not.toHaveAttribute('data-theme', before!, { timeout: 1_000 });
      }).toPass({ timeout: 60_000 });

      // Every script of the page's HTML was fetched or run by now (the page is drawn and hydrated).
      expect(await cspViolations(page), path).toEqual([]);
    });
  }
});

test('an inline script injected into the page is blocked, as is an inline event handler; one with the page’s nonce runs', async ({ page }) => {
  test.setTimeout(240_000);
  await page.addInitScript(COLLECT_CSP_VIOLATIONS);
  // What a payload that reached the HTML would be: a parser-inserted inline script, as a reflected or stored injection
  // would place it, in the server's own answer under its own policy. Beside it, the control: the same script carrying
  // the nonce of that answer's policy. (A script created from page.evaluate is no test: DevTools' evaluation is
  // trusted, and 'strict-dynamic' passes that trust on to the scripts it creates.)
  await page.route('**/s/courage', async (route) => {
    const response = await route.fetch();
    const nonce = /'nonce-([^']+)'/.exec(response.headers()['content-security-policy'] ?? '')?.[1];
    expect(nonce, 'the page answers with a nonce policy').toBeTruthy();
    const body = (await response.text()).replace(
      '</body>',
      `<script>window.__pwned = 1</script><script nonce="${nonce}">window.__withNonce = 1</script></body>`,
    );
    await route.fulfill({ response, body });
  });
  await page.goto('/s/courage');
  await waitReady(page);

  const ran = await page.evaluate(async () => {
    const w = window as unknown as Record<string, unknown>;
    // An injected inline event handler, which only 'unsafe-inline' (or 'unsafe-hashes') would let run.
    const holder = document.createElement('div');
    holder.innerHTML = '<img src="data:," onerror="window.__pwnedByHandler = 1" alt="">';
    document.body.append(holder);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    return { injected: w.__pwned ?? null, handler: w.__pwnedByHandler ?? null, withNonce: w.__withNonce ?? null };
  });
  expect(ran).toEqual({ injected: null, handler: null, withNonce: 1 });

  // Both were refused by the policy, and reported as such.
  const violations = await cspViolations(page);
  expect(violations.filter((v) => /^script-src(-elem)? inline /.test(v)), violations.join('\n')).toHaveLength(1);
  expect(violations.filter((v) => /^script-src(-attr)? inline /.test(v)), violations.join('\n')).toHaveLength(1);
});
