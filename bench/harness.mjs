// Shared by the benchmarks: a production server to measure (or BENCH_URL's), Debian's Chromium, medians.
import { spawn } from 'node:child_process';
import { chromium } from 'playwright-core';

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** The Next.js command line of the installed next, as every benchmark runs it. */
export const NEXT_BIN = 'node_modules/next/dist/bin/next';

/**
 * `next start` on the port (after `npm run build`), waiting until probePath answers; BENCH_URL skips it. `dir`: another
 * app's folder to serve instead of the site (bench/floor), built with the same Next.js; BENCH_URL does not apply to it.
 * `onStdout`: called with the server's output as it comes (otherwise discarded).
 */
export async function startServer(port, { probePath = '/', tries = 100, dir = null, nodeArgs = [], onStdout = null } = {}) {
  if (process.env.BENCH_URL && !dir) return { base: process.env.BENCH_URL, server: null };
  const base = `http://127.0.0.1:${port}`;
  // nodeArgs: flags for the server's node (bench:soak's --trace-gc), which NODE_OPTIONS may not carry.
  const server = spawn(process.execPath, [...nodeArgs, NEXT_BIN, 'start', ...(dir ? [dir] : []), '-p', String(port), '-H', '127.0.0.1'], {
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', onStdout ? 'pipe' : 'ignore', 'ignore'],
  });
  server.stdout?.setEncoding('utf8').on('data', onStdout);
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}${probePath}`)).ok) break;
    } catch {}
    if (i > tries) throw new Error('next start did not come up');
    await new Promise((r) => setTimeout(r, 300));
  }
  return { base, server };
}

const COMMON_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

/**
 * Debian's Chromium. By default with SwiftShader (WebGL2 on the CPU, as the e2e suite runs it). `gpu: false` launches
 * it as on a machine without a usable GPU (`--disable-gpu`: software compositing and raster, no WebGL), which is where
 * a visitor's browser runs the model on wasm. SwiftShader emulates a GPU on the CPU, and a page composited through it
 * pays that emulation on every painted frame: on this host a slider's redraw was painted 0.5 to 2.7 s after the
 * keydown through SwiftShader and about 0.07 s in software (bench/RESULTS.md, Adjust's redraws), which no visitor with
 * a GPU or without one sees.
 */
/**
 * The page benchmarks' BENCH_GPU: unset or 'none' launches Chromium without a GPU (`gpu: false` below), 'swiftshader'
 * through SwiftShader; `label` says which in their output. Any other value ends the run with a clear message.
 */
export function benchGpu() {
  const value = process.env.BENCH_GPU || 'none';
  if (value !== 'none' && value !== 'swiftshader') {
    console.error(`BENCH_GPU must be none (the default) or swiftshader; got ${JSON.stringify(value)}`);
    process.exit(2);
  }
  const gpu = value === 'swiftshader';
  return { gpu, label: gpu ? 'SwiftShader' : 'no GPU: software compositing' };
}

export const launchChromium = ({ gpu = true } = {}) =>
  chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [...COMMON_ARGS, ...(gpu ? ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'] : ['--disable-gpu'])],
  });
