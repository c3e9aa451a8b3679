/**
 * bench/heap-diff.mjs's core (issue 24): a V8 heap snapshot counted per constructor or type, read from the parsed
 * object and from the file's bytes alike, and the growth between two snapshots per name. A hand-made snapshot in
 * V8's format pins the counts; a real one, written by a child Node process, pins the reader against V8's own output.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import {
  diffSummaries,
  groupName,
  summarizeSnapshot,
  summarizeSnapshotBytes,
  topGrowth,
  type HeapSnapshotJson,
} from '../../bench/heap-diff-core.mjs';

// The format as V8 writes it, cut to three node fields: type (an enum), name (an index into strings), self_size.
const meta = {
  node_fields: ['type', 'name', 'id', 'self_size', 'edge_count'],
  node_types: [['hidden', 'array', 'string', 'object', 'closure'], 'string', 'number', 'number', 'number'],
};
const TYPE = { array: 1, string: 2, object: 3, closure: 4 };
// Names: 1 and 2 constructors, 3 and 4 string contents (one with an escaped quote and a line break), 5 a function.
const strings = ['', 'GlyphCache', 'Symbol', 'hello', 'say "hi"\nthere', 'onResponse'];
const node = (type: number, name: number, size: number, id: number) => [type, name, id, size, 0];

const before: HeapSnapshotJson = {
  snapshot: { meta, node_count: 3 },
  nodes: [...node(TYPE.object, 1, 64, 1), ...node(TYPE.object, 2, 32, 3), ...node(TYPE.string, 3, 16, 5)],
  edges: [],
  trace_tree: [],
  strings,
};
const after: HeapSnapshotJson = {
  snapshot: { meta, node_count: 7 },
  nodes: [
    ...node(TYPE.object, 1, 64, 1),
    ...node(TYPE.object, 2, 32, 3),
    ...node(TYPE.object, 2, 32, 7),
    ...node(TYPE.object, 2, 40, 9),
    ...node(TYPE.string, 3, 16, 5),
    ...node(TYPE.string, 4, 24, 11),
    ...node(TYPE.closure, 5, 28, 13),
  ],
  edges: [0, 1, 5, 0, 2, 10],
  trace_tree: [1, 0, 0, 0, [2, 0, 0, 0, []]],
  strings,
};

/** The snapshot as V8 lays it out on disk: sections in order, the numbers split over lines, the strings last. */
const asFile = (s: HeapSnapshotJson) => {
  const { snapshot, nodes, strings: names, ...rest } = s;
  const sections = [`"snapshot":${JSON.stringify(snapshot)}`, `"nodes":[${nodes.join(',').replace(/(\d+,\d+,\d+,\d+,\d+),/g, '$1,\n')}]`];
  for (const [key, value] of Object.entries(rest)) sections.push(`\n"${key}":${JSON.stringify(value)}`);
  sections.push(`\n"strings":[${names.map((x) => JSON.stringify(x)).join(',\n')}]`);
  return Buffer.from(`{${sections.join(',')}}`);
};

describe('groupName', () => {
  it('counts objects under their constructor, closures under their function, strings and code under their type', () => {
    expect(groupName('object', 'GlyphCache')).toBe('GlyphCache');
    expect(groupName('closure', 'onResponse')).toBe('(closure) onResponse');
    expect(groupName('closure', '')).toBe('(closure)');
    expect(groupName('string', 'hello')).toBe('(string)');
    expect(groupName('code', 'render')).toBe('(code)');
  });
});

describe('a heap snapshot summarized', () => {
  it('counts the objects and self size per name and per type', () => {
    const s = summarizeSnapshot(after);
    expect(s.total).toEqual({ count: 7, size: 236 });
    expect(Object.fromEntries(s.groups)).toEqual({
      GlyphCache: { count: 1, size: 64 },
      Symbol: { count: 3, size: 104 },
      '(string)': { count: 2, size: 40 },
      '(closure) onResponse': { count: 1, size: 28 },
    });
    expect(s.types.get('object')).toEqual({ count: 4, size: 168 });
  });

  it('reads the same counts from the file’s bytes as from the parsed object', () => {
    for (const snapshot of [before, after]) {
      const fromBytes = summarizeSnapshotBytes(asFile(snapshot));
      const parsed = summarizeSnapshot(snapshot);
      expect(Object.fromEntries(fromBytes.groups)).toEqual(Object.fromEntries(parsed.groups));
      expect(fromBytes.total).toEqual(parsed.total);
    }
  });

  it('refuses a file that ends early, as one still being written does', () => {
    const file = asFile(after);
    for (const cut of [file.indexOf('"nodes"') + 20, file.indexOf('"strings"') + 15, file.length - 1]) {
      expect(() => summarizeSnapshotBytes(file.subarray(0, cut))).toThrow(/not a complete V8 heap snapshot/);
    }
  });
});

describe('the growth between two snapshots', () => {
  const rows = diffSummaries(summarizeSnapshot(before), summarizeSnapshot(after));

  it('is after minus before per name, names new in the second counted from zero', () => {
    const byName = Object.fromEntries(rows.map((r) => [r.name, [r.count, r.size]]));
    expect(byName).toEqual({
      GlyphCache: [0, 0],
      Symbol: [2, 72],
      '(string)': [1, 24],
      '(closure) onResponse': [1, 28],
    });
  });

  it('ranks the names that grew, largest first, and leaves out those that did not', () => {
    expect(topGrowth(rows, 'count').map((r) => r.name)).toEqual(['Symbol', '(closure) onResponse', '(string)']);
    expect(topGrowth(rows, 'size').map((r) => r.name)).toEqual(['Symbol', '(closure) onResponse', '(string)']);
    expect(topGrowth(rows, 'size', 1).map((r) => r.name)).toEqual(['Symbol']);
  });
});

describe('a snapshot written by V8', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'heap-diff-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('shows the objects a process kept between two snapshots', () => {
    const script = `
      const v8 = require('node:v8');
      class HeapDiffProbe { constructor(i) { this.i = i; } }
      globalThis.kept = [];
      v8.writeHeapSnapshot(${JSON.stringify(path.join(dir, 'before.heapsnapshot'))});
      for (let i = 0; i < 2000; i++) globalThis.kept.push(new HeapDiffProbe(i));
      v8.writeHeapSnapshot(${JSON.stringify(path.join(dir, 'after.heapsnapshot'))});`;
    execFileSync(process.execPath, ['-e', script]);
    const read = (name: string) => summarizeSnapshotBytes(readFileSync(path.join(dir, name)));
    const rows = diffSummaries(read('before.heapsnapshot'), read('after.heapsnapshot'));
    const probe = rows.find((r) => r.name === 'HeapDiffProbe');
    expect(probe?.count).toBe(2000);
    expect(probe?.size).toBeGreaterThan(0);
    expect(topGrowth(rows, 'count', 3).map((r) => r.name)).toContain('HeapDiffProbe');
  });
});
