/**
 * The tfjs wasm binaries are served from a folder named after the installed tfjs version: the folder
 * scripts/copy-tfjs-wasm.mjs writes (version from the package's package.json) is the one the worker's wasm
 * backend asks for (version from the package's code), and no other version's folder is left beside it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

import { version_wasm } from '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';

import { TFJS_WASM_ROOT, tfjsWasmFolder } from '@/lib/model/activate-backend';

import { ROOT } from './helpers/imports';

describe('tfjs wasm path', () => {
  it('the copy script writes the binaries where the wasm backend looks for them, under the version alone', () => {
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/copy-tfjs-wasm.mjs')]);
    const folder = path.join(ROOT, 'public', tfjsWasmFolder(TFJS_WASM_ROOT, version_wasm));
    for (const file of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm']) expect(existsSync(path.join(folder, file))).toBe(true);
    expect(readdirSync(path.join(ROOT, 'public', TFJS_WASM_ROOT))).toEqual([version_wasm]);
  });
});
