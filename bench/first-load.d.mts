// Types of bench/first-load.mjs, for the unit test that imports it (tests/unit/first-load-budget.test.ts).
export interface FirstLoadScript {
  file: string;
  raw: number;
  gz: number;
  framework: boolean;
  tfjs: boolean;
}
export function hasBuild(nextDir?: string): boolean;
export function firstLoadScripts(route: string, nextDir?: string): FirstLoadScript[];
export function firstLoadTotals(scripts: readonly FirstLoadScript[]): { gz: number; raw: number; ownGz: number; ownRaw: number; files: number };
