/**
 * The hostile-request fuzz outside Playwright, against a server that is already running (`npm run build && npm start`):
 *   FUZZ_URL=http://127.0.0.1:3000 npm run fuzz
 *   FUZZ_SEED=random FUZZ_REQUESTS=5000 FUZZ_URL=... npm run fuzz
 * The settings are the spec's (FUZZ_SEED, FUZZ_REQUESTS, FUZZ_CONCURRENCY, FUZZ_TIMEOUT_MS); tests/e2e/fuzz.spec.ts
 * runs the same property in `npm test`.
 */
import { fuzzServer, fuzzSettings } from './hostile-requests';

const base = process.env.FUZZ_URL;
if (!base) {
  console.error('Set FUZZ_URL to a running production server, e.g. FUZZ_URL=http://127.0.0.1:3000 (npm run build && npm start).');
  process.exit(2);
}
try {
  await fuzzServer({ base, ...fuzzSettings(), log: console.log });
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
