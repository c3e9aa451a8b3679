/** The repository's TypeScript imports read from the source text: for the tests of what may import what. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Every .ts/.tsx file under `dir` (a repository path), as repository paths. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((name) => {
    const rel = path.join(dir, name);
    if (statSync(path.join(ROOT, rel)).isDirectory()) return sourceFiles(rel);
    return /\.tsx?$/.test(name) ? [rel] : [];
  });
}

function code(file: string): string {
  return readFileSync(path.join(ROOT, file), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');
}

/** Every module specifier a file imports: static, side-effect, re-export and dynamic import(), type-only included. */
export function specifiers(file: string): string[] {
  return [...code(file).matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g)].map((m) => m[1]!);
}

/**
 * The specifiers whose code a bundle includes: as specifiers(), less the imports and re-exports that name
 * types only (`import type …`, `import { type A, type B } …`), which TypeScript erases.
 */
export function valueSpecifiers(file: string): string[] {
  const text = code(file);
  const typeOnly = (clause: string) => /^type\s/.test(clause) || /^\{([^}]*)\}$/.test(clause) && clause.slice(1, -1).split(',').map((s) => s.trim()).filter(Boolean).every((s) => s.startsWith('type '));
  const statements = [...text.matchAll(/\b(?:import|export)\s+([^'";]*?)\s*from\s*['"]([^'"]+)['"]/g)]
    .filter((m) => !typeOnly(m[1]!.trim()))
    .map((m) => m[2]!);
  const bare = [...text.matchAll(/(?:\bimport\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g)].map((m) => m[1]!);
  return [...statements, ...bare];
}

/** A specifier as a repository path (lib/x/y.ts), or the bare package name. */
export function resolveImport(file: string, spec: string): string {
  const base = spec.startsWith('@/') ? path.join(ROOT, spec.slice(2)) : spec.startsWith('.') ? path.resolve(ROOT, path.dirname(file), spec) : null;
  if (!base) return spec;
  const found = ['', '.ts', '.tsx', '/index.ts'].map((ext) => base + ext).find((p) => existsSync(p) && statSync(p).isFile());
  if (!found) throw new Error(`${file}: cannot resolve "${spec}".`);
  return path.relative(ROOT, found);
}
