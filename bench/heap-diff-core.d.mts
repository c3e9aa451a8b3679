// Types of bench/heap-diff-core.mjs, for the unit test that imports it (tests/unit/heap-diff.test.ts).
export interface Tally {
  count: number;
  size: number;
}
export interface HeapSummary {
  /** Per constructor or type name (groupName). */
  groups: Map<string, Tally>;
  /** Per node type (object, string, closure, ...). */
  types: Map<string, Tally>;
  total: Tally;
}
export interface HeapSnapshotJson {
  snapshot: { meta: { node_fields: string[]; node_types: (string | string[])[] }; node_count?: number };
  nodes: number[];
  strings: string[];
  [section: string]: unknown;
}
export interface GrowthRow {
  name: string;
  before: Tally;
  after: Tally;
  /** After minus before. */
  count: number;
  size: number;
}
export function groupName(type: string, name: string): string;
export function summarizeSnapshot(snapshot: HeapSnapshotJson): HeapSummary;
export function summarizeSnapshotBytes(buf: Uint8Array): HeapSummary;
export function diffSummaries(before: Pick<HeapSummary, 'groups'>, after: Pick<HeapSummary, 'groups'>): GrowthRow[];
export function topGrowth(rows: readonly GrowthRow[], key: 'count' | 'size', n?: number): GrowthRow[];
