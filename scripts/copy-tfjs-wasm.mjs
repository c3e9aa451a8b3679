/**
 * Copies TensorFlow.js's wasm backend binaries (*.wasm) from node_modules/@tensorflow/tfjs-backend-wasm/dist/ to
 * public/tfjs-wasm/ (git-ignored). The bundler does not ship them: the wasm backend fetches them at run time from
 * /tfjs-wasm/ (WASM_PATH in lib/browser/engine.ts; next.config.ts sets their headers), so they must be in public/.
 * Run after every install (postinstall) and before every build (prebuild), so they always match the installed version.
 */
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const from = join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
const to = join(root, 'public/tfjs-wasm');

mkdirSync(to, { recursive: true });
for (const file of readdirSync(from)) {
  if (file.endsWith('.wasm')) copyFileSync(join(from, file), join(to, file));
}
