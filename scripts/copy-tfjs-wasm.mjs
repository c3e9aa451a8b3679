/**
 * Copies TensorFlow.js's wasm backend binaries (*.wasm) from node_modules/@tensorflow/tfjs-backend-wasm/dist/ to
 * public/tfjs-wasm/<version>/ (git-ignored), <version> being the installed package's. The bundler does not ship them:
 * the wasm backend fetches them at run time from that folder (TFJS_WASM_ROOT and tfjsWasmFolder in
 * lib/model/activate-backend.ts, which takes the version from the package too; tests/unit/tfjs-wasm.test.ts checks
 * that both agree). A URL that names the version never changes its bytes, so browsers may cache it for good.
 * Run after every install (postinstall) and before every build (prebuild). The folder is written beside and then
 * renamed into place, and the folders of other versions are removed, so public/ holds exactly the installed version's.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = join(root, 'node_modules/@tensorflow/tfjs-backend-wasm');
const { version } = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8'));
if (!/^\d+\.\d+\.\d+[\w.-]*$/.test(version)) throw new Error(`@tensorflow/tfjs-backend-wasm has an unexpected version "${version}".`);

const from = join(pkg, 'dist');
const to = join(root, 'public/tfjs-wasm');
const staging = join(to, `.${version}.tmp`);

// Everything but the installed version goes: loose files of the unversioned layout, other versions, stale staging.
mkdirSync(to, { recursive: true });
for (const entry of readdirSync(to)) rmSync(join(to, entry), { recursive: true, force: true });

mkdirSync(staging);
for (const file of readdirSync(from)) {
  if (file.endsWith('.wasm')) copyFileSync(join(from, file), join(staging, file));
}
renameSync(staging, join(to, version));
