// Types of bench/heap-retainers-core.mjs, for the unit test that imports it (tests/unit/heap-retainers.test.ts).
type Numbers = ArrayLike<number>;
export interface HeapSnapshotWithEdges {
  snapshot: {
    meta: { node_fields: string[]; node_types: (string | string[])[]; edge_fields: string[]; edge_types: (string | string[])[] };
    node_count?: number;
    edge_count?: number;
  };
  nodes: Numbers;
  edges: Numbers;
  strings: string[];
}
export interface ReadSnapshot extends HeapSnapshotWithEdges {
  nodes: Float64Array;
  edges: Uint32Array;
}
export interface HeapGraph {
  nodeCount: number;
  edgeCount: number;
  /** Edges from the root over strong edges; 0xffffffff where none reaches. */
  distance: Uint32Array;
  firstEdge: Uint32Array;
  firstRetainer: Uint32Array;
  retainingEdge: Uint32Array;
  retainingNode: Uint32Array;
  holds(edge: number): boolean;
  target(edge: number): number;
  type(node: number): string;
  name(node: number): string;
  id(node: number): number;
  selfSize(node: number): number;
  edgeType(edge: number): string;
  edgeName(edge: number): string | number;
}
export interface PathNode {
  index: number;
  id: number;
  type: string;
  name: string;
}
export interface EdgeInfo {
  type: string;
  name: string | number;
}
export interface PathStep extends PathNode {
  /** The edge from the step before; absent on the first. */
  edge?: EdgeInfo;
}
export interface RetainerPath {
  steps: PathStep[];
  /** The first step is not the root: the path was cut at maxDepth. */
  truncated: boolean;
}
export function readSnapshotBytes(buf: Uint8Array, options?: { sections?: ('nodes' | 'edges' | 'strings')[] }): ReadSnapshot;
export function nodeIds(snapshot: Pick<HeapSnapshotWithEdges, 'snapshot' | 'nodes'>): Float64Array;
export function hasId(ids: Float64Array, id: number): boolean;
/** shortcuts: count DevTools' shortcut edges; ephemeronTables: count a WeakMap table's edge to a value (V8's key edge always counts). */
export interface GraphOptions {
  shortcuts?: boolean;
  ephemeronTables?: boolean;
}
export function heapGraph(snapshot: HeapSnapshotWithEdges, options?: GraphOptions): HeapGraph;
export function retainerPaths(
  snapshot: HeapSnapshotWithEdges | HeapGraph,
  nodeIndex: number,
  options?: { maxDepth?: number; maxPaths?: number } & GraphOptions,
): RetainerPath[];
export function directRetainers(
  snapshot: HeapSnapshotWithEdges | HeapGraph,
  nodeIndex: number,
  options?: GraphOptions,
): { from: PathNode; edge: EdgeInfo; holds: boolean; distance: number | null }[];
export function nodeLabel(node: Pick<PathNode, 'type' | 'name'> & { index?: number }, options?: { mask?: boolean }): string;
export function edgeLabel(edge: EdgeInfo, options?: { mask?: boolean }): string;
export function formatPath(path: RetainerPath, options?: { mask?: boolean }): string;
