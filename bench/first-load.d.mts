// Types of bench/first-load.mjs, for the unit test that imports it (tests/unit/first-load-budget.test.ts).
export interface FirstLoadScript {
  file: string;
  raw: number;
  gz: number;
  /** The entries that load it: 'root' for the framework's root scripts, else an app path ('app/page', 'app/layout'). */
  entries: string[];
  tfjs: boolean;
}
export const FLOOR_NEXT_DIR: string;
export function hasBuild(nextDir?: string): boolean;
export function firstLoadScripts(route: string, nextDir?: string): FirstLoadScript[];
export function firstLoadTotals(scripts: readonly FirstLoadScript[]): { gz: number; raw: number; files: number };
