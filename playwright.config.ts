import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests against `next build` + `next start`, in Debian's Chromium (no browser download).
 * E2E_BASE_URL points the tests at a server that is already running and skips the webServer block.
 */
const PORT = Number(process.env.E2E_PORT ?? 3210);
const external = process.env.E2E_BASE_URL;

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
/** WebGL2 on the CPU: SwiftShader emulates a GPU, and every frame the page paints pays for the emulation. */
const SWIFTSHADER_ARGS = [...CHROMIUM_ARGS, '--use-angle=swiftshader', '--enable-unsafe-swiftshader'];
/** A machine without a usable GPU: software compositing, no WebGL (the worker draws on wasm). Frames cost far less. */
const NO_GPU_ARGS = [...CHROMIUM_ARGS, '--disable-gpu'];
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  workers: 1,
  fullyParallel: false,
  timeout: 240_000,
  expect: { timeout: 90_000 },
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: {
    baseURL: external ?? `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  },
  // Tests tagged @webgl (tests/e2e/helpers WEBGL) need WebGL itself; the rest run as on a machine without a GPU, where
  // frames cost far less: the whole suite took 11.3 minutes instead of 17.1 with every test through SwiftShader
  // (`npx playwright test` after `npm run build`, 2026-12-07, nothing else running).
  projects: [
    { name: 'webgl', grep: /@webgl/, use: { launchOptions: { executablePath, args: SWIFTSHADER_ARGS } } },
    { name: 'no-gpu', grepInvert: /@webgl/, use: { launchOptions: { executablePath, args: NO_GPU_ARGS } } },
  ],
  webServer: external
    ? undefined
    : {
        command: `npx next start -p ${PORT} -H 127.0.0.1`,
        url: `http://127.0.0.1:${PORT}/`,
        reuseExistingServer: !process.env.CI,
        timeout: 120_000,
        env: { NEXT_TELEMETRY_DISABLED: '1' },
      },
});
