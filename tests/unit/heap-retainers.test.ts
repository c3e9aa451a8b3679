/**
 * bench/heap-retainers.mjs's core (issue 24): the shortest chain of references from a heap snapshot's root to an
 * object. A hand-made snapshot in V8's format pins the walk (weak edges never hold, the shorter of two chains wins);
 * a real one, written by a child Node process, pins the reader and the walk against V8's own output.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import {
  directRetainers,
  formatPath,
  hasId,
  nodeIds,
  readSnapshotBytes,
  retainerPaths,
  type HeapSnapshotWithEdges,
} from '../../bench/heap-retainers-core.mjs';

const meta = {
  node_fields: ['type', 'name', 'id', 'self_size', 'edge_count'],
  node_types: [['hidden', 'array', 'string', 'object', 'closure', 'synthetic'], 'string', 'number', 'number', 'number'],
  edge_fields: ['type', 'name_or_index', 'to_node'],
  edge_types: [['context', 'element', 'property', 'internal', 'hidden', 'shortcut', 'weak'], 'string_or_number', 'node'],
};
const T = { hidden: 0, array: 1, object: 3, closure: 4, synthetic: 5 };
const E = { context: 0, element: 1, property: 2, internal: 3, weak: 6 };
const ENTRY = '1 / part of key (Key @19) -> value (Stored @21) pair in WeakMap (table @17)';
const strings = ['', '(root)', 'Holder', 'Array', 'Target', 'cache', 'items', 'Cache', 'WeakRefHolder', 'ref', 'next', 'onDone', 'req', 'Key', 'key', ENTRY, 'Stored'];
const NF = meta.node_fields.length;

// Nodes by ordinal; edges listed per owner in node order, to_node an offset into nodes (ordinal * NF).
//   0 (root) -element 0-> 1 Holder -property cache-> 2 Array -element 12-> 3 Target        (3 edges: the shortest)
//   0 (root) -element 1-> 4 WeakRefHolder -weak ref-> 3 Target                            (weak: never holds)
//   0 (root) -element 2-> 5 Cache -property next-> 6 Cache -property next-> 7 onDone() -context req-> 3 Target (4 edges)
//   8 Target: reached by a weak edge alone.
//   0 (root) -element 3-> 9 (WeakMap table) -internal ENTRY-> 11 Stored                   (only while its key lives)
//   0 (root) -element 4-> 12 Cache -property key-> 10 Key -internal ENTRY-> 11 Stored     (V8's key -> value edge)
const nodeList: [number, number, number, number, [number, number, number][]][] = [
  [T.synthetic, 1, 1, 0, [[E.element, 0, 1], [E.element, 1, 4], [E.element, 2, 5], [E.element, 3, 9], [E.element, 4, 12]]],
  [T.object, 2, 3, 16, [[E.property, 5, 2]]],
  [T.array, 3, 5, 32, [[E.element, 12, 3]]],
  [T.object, 4, 7, 48, []],
  [T.object, 8, 9, 16, [[E.weak, 9, 3], [E.weak, 9, 8]]],
  [T.object, 7, 11, 16, [[E.property, 10, 6]]],
  [T.object, 7, 13, 16, [[E.property, 10, 7]]],
  [T.closure, 11, 15, 32, [[E.context, 12, 3]]],
  [T.object, 4, 17, 48, []],
  [T.hidden, 0, 17, 64, [[E.internal, 15, 11]]],
  [T.object, 13, 19, 16, [[E.internal, 15, 11]]],
  [T.object, 16, 21, 16, []],
  [T.object, 7, 23, 16, [[E.property, 14, 10]]],
];
const snap: HeapSnapshotWithEdges = {
  snapshot: { meta, node_count: nodeList.length, edge_count: nodeList.reduce((n, x) => n + x[4].length, 0) },
  nodes: nodeList.flatMap(([type, name, id, size, edges]) => [type, name, id, size, edges.length]),
  edges: nodeList.flatMap(([, , , , edges]) => edges.flatMap(([type, name, to]) => [type, name, to * NF])),
  strings,
};

describe('the shortest retaining path', () => {
  it('runs from the root to the object along the fewest strong edges, weak edges ignored', () => {
    const [path, ...more] = retainerPaths(snap, 3);
    expect(more).toEqual([]);
    expect(path!.truncated).toBe(false);
    expect(path!.steps.map((s) => [s.name, s.edge?.type, s.edge?.name])).toEqual([
      ['(root)', undefined, undefined],
      ['Holder', 'element', 0],
      ['Array', 'property', 'cache'],
      ['Target', 'element', 12],
    ]);
    expect(formatPath(path!)).toBe('(root)[0] -> Holder.cache -> Array[12] -> Target');
    expect(formatPath(path!, { mask: true })).toBe('(root)[] -> Holder.cache -> Array[] -> Target');
  });

  it('gives only shortest paths when asked for several: the longer chain through the closure is not one', () => {
    expect(retainerPaths(snap, 3, { maxPaths: 5 })).toHaveLength(1);
    // Cut the short chain and the closure's is the shortest left.
    const edges = Array.from(snap.edges);
    const arrayEdge = nodeList.slice(0, 2).reduce((n, x) => n + x[4].length, 0); // node 2's one edge, Array[12]
    edges[arrayEdge * 3 + 2] = 1 * NF; // now points back at Holder
    const [path] = retainerPaths({ ...snap, edges }, 3);
    expect(formatPath(path!)).toBe('(root)[2] -> Cache.next -> Cache.next -> onDone().<context>req -> Target');
  });

  it('returns no path for an object that only weak references reach', () => {
    expect(retainerPaths(snap, 8)).toEqual([]);
    expect(directRetainers(snap, 8)).toEqual([
      { from: { index: 4, id: 9, type: 'object', name: 'WeakRefHolder' }, edge: { type: 'weak', name: 'ref' }, holds: false, distance: 1 },
    ]);
  });

  it('reaches a WeakMap value through its key, not through the table, which holds it only while the key lives', () => {
    const [path] = retainerPaths(snap, 11);
    expect(formatPath(path!)).toBe(`(root)[4] -> Cache.key -> Key.<internal>${JSON.stringify(ENTRY)} -> Stored`);
    expect(formatPath(path!, { mask: true })).toBe(
      '(root)[] -> Cache.key -> Key.<internal>"N / part of key (Key @N) -> value (Stored @N) pair in WeakMap (table @N)" -> Stored',
    );
    // Counted as V8 writes it, the table's edge is the shorter chain.
    const [viaTable] = retainerPaths(snap, 11, { ephemeronTables: true });
    expect(formatPath(viaTable!)).toMatch(/^\(root\)\[3\] -> \(hidden\)\.<internal>".*" -> Stored$/);
  });

  it('stops maxDepth steps above the object and says so', () => {
    const [path] = retainerPaths(snap, 3, { maxDepth: 2 });
    expect(path!.truncated).toBe(true);
    expect(formatPath(path!)).toBe('... -> Holder.cache -> Array[12] -> Target');
  });

  it('reads the same graph from the file’s bytes as from the parsed object', () => {
    const file = Buffer.from(JSON.stringify(snap).replace(/,"edges":/, ',\n"edges":'));
    const read = readSnapshotBytes(file);
    expect(Array.from(read.nodes)).toEqual(snap.nodes);
    expect(Array.from(read.edges)).toEqual(snap.edges);
    expect(read.strings).toEqual(strings);
    expect(formatPath(retainerPaths(read, 3)[0]!)).toBe('(root)[0] -> Holder.cache -> Array[12] -> Target');
    expect(() => readSnapshotBytes(file.subarray(0, file.indexOf('"edges"') + 12))).toThrow(/not a complete V8 heap snapshot/);
  });

  it('tells new objects from old by node id', () => {
    const ids = nodeIds(snap);
    expect(hasId(ids, 7)).toBe(true);
    expect(hasId(ids, 8)).toBe(false);
  });
});

describe('a snapshot written by V8', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'heap-retainers-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the Map that keeps an object alive', () => {
    const file = path.join(dir, 'probe.heapsnapshot');
    const script = `
      class RetainerProbe {}
      (function hold() {
        const pending = new Map();
        pending.set('k', new RetainerProbe());
        globalThis.probeHolder = { pending };
      })();
      require('node:v8').writeHeapSnapshot(${JSON.stringify(file)});`;
    execFileSync(process.execPath, ['-e', script]);
    const read = readSnapshotBytes(readFileSync(file));
    const stride = read.snapshot.meta.node_fields.length;
    const nameAt = read.snapshot.meta.node_fields.indexOf('name');
    let probe = -1;
    for (let i = 0; i < read.nodes.length / stride; i++) if (read.strings[read.nodes[i * stride + nameAt]!] === 'RetainerProbe') probe = i;
    const [found] = retainerPaths(read, probe);
    expect(formatPath(found!)).toMatch(/\.probeHolder -> Object\.pending -> Map\.(<internal>)?table -> .*RetainerProbe$/);
  });
});
