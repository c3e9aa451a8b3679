/**
 * The core of bench/heap-diff.mjs: a V8 heap snapshot (.heapsnapshot, as --heapsnapshot-signal, v8.writeHeapSnapshot
 * and Chrome DevTools write it) counted per constructor or type, and two such counts compared. Hand-written: no
 * well-kept npm library reads this format (DevTools' own reader lives inside the devtools-frontend tree), and only a
 * few of its fields are needed.
 *
 * The format: `snapshot.meta.node_fields` names the fields of a node (type, name, id, self_size, edge_count, ...) and
 * `snapshot.meta.node_types` their values (node_types[i] for field i: an array of names for an enum, as for `type`:
 * hidden, array, string, object, closure, ...); `nodes` is one flat array of integers, node_fields.length per node; a
 * node's name is an index into `strings`, which comes last. V8 takes the snapshot after a full collection, so every
 * node is live. Edges are skipped: retained sizes need the dominator tree, which this does not build; the counts and
 * self sizes per name are what shows which kind of object piles up.
 */

/** Node types counted under their own name: the constructor for objects, "system / Context" and the like. */
import { readSnapshotBytes } from './heap-retainers-core.mjs';

const NAMED_TYPES = new Set(['object', 'native', 'synthetic', 'hidden', 'array']);

/**
 * The name a node is counted under: its constructor or internal name; a closure under its function's name (a leaked
 * listener shows as many closures of one function); a string, number, regexp or code object under its type, since
 * its name is its content or a function's.
 */
export function groupName(type, name) {
  if (type === 'closure') return name ? `(closure) ${name}` : '(closure)';
  return NAMED_TYPES.has(type) && name ? name : `(${type})`;
}

/**
 * Counts nodes per name as they come, keyed by the name's index in `strings` (not read yet when the nodes stream by)
 * or by the type alone: add() each node's type, name and self size, then finish() with a lookup of the names.
 */
function counter(meta) {
  const fields = meta?.node_fields;
  const typeAt = fields?.indexOf('type') ?? -1;
  const nameAt = fields?.indexOf('name') ?? -1;
  const sizeAt = fields?.indexOf('self_size') ?? -1;
  const types = meta?.node_types?.[typeAt];
  if (typeAt < 0 || nameAt < 0 || sizeAt < 0 || !Array.isArray(types)) {
    throw new Error('not a V8 heap snapshot: snapshot.meta lacks node_fields type, name and self_size or the node types');
  }
  const byName = types.map((type) => type === 'closure' || NAMED_TYPES.has(type));
  const T = types.length;
  // key: nameIndex * T + type for a type counted by name, -1 - type for one counted by type.
  const counts = new Map();
  let nodes = 0;
  return {
    stride: fields.length,
    typeAt,
    nameAt,
    sizeAt,
    get nodes() {
      return nodes;
    },
    add(type, name, size) {
      if (!(type < T)) throw new Error(`node ${nodes}: type ${type} is not one of the ${T} in snapshot.meta`);
      const key = byName[type] ? name * T + type : -1 - type;
      const c = counts.get(key);
      if (c) {
        c.count++;
        c.size += size;
      } else {
        counts.set(key, { count: 1, size });
      }
      nodes++;
    },
    /** { groups: Map name -> { count, size }, types: Map type -> { count, size }, total: { count, size } }. */
    finish(nameOf) {
      const groups = new Map();
      const byType = new Map();
      const total = { count: 0, size: 0 };
      const into = (map, key, c) => {
        const t = map.get(key) ?? { count: 0, size: 0 };
        t.count += c.count;
        t.size += c.size;
        map.set(key, t);
      };
      for (const [key, c] of counts) {
        const type = key < 0 ? -1 - key : key % T;
        const name = key < 0 ? '' : nameOf((key - type) / T);
        if (key >= 0 && typeof name !== 'string') throw new Error(`name ${(key - type) / T} is not in strings`);
        into(groups, groupName(types[type], name), c);
        into(byType, types[type], c);
        total.count += c.count;
        total.size += c.size;
      }
      return { groups, types: byType, total };
    },
  };
}

/** The counts of a snapshot already parsed (the object JSON.parse makes of the file). */
export function summarizeSnapshot({ snapshot, nodes, strings }) {
  const c = counter(snapshot?.meta);
  if (nodes.length % c.stride) throw new Error(`nodes holds ${nodes.length} numbers, not a multiple of ${c.stride}`);
  for (let i = 0; i < nodes.length; i += c.stride) c.add(nodes[i + c.typeAt], nodes[i + c.nameAt], nodes[i + c.sizeAt]);
  return c.finish((i) => strings[i]);
}

/**
 * The same counts read straight from the file's bytes, without JSON.parse: a snapshot of a 250 MiB heap is about
 * 500 MB of JSON, past V8's longest string (512 MiB). The one byte reader both tools share (bench/heap-retainers-core
 * readSnapshotBytes), its edges skipped. Throws on a file that ends early (a snapshot still being written).
 */
export function summarizeSnapshotBytes(buf) {
  return summarizeSnapshot(readSnapshotBytes(buf, { sections: ['nodes', 'strings'] }));
}

export function diffSummaries(before, after) {
  const zero = { count: 0, size: 0 };
  const names = new Set([...before.groups.keys(), ...after.groups.keys()]);
  return [...names].map((name) => {
    const b = before.groups.get(name) ?? zero;
    const a = after.groups.get(name) ?? zero;
    return { name, before: b, after: a, count: a.count - b.count, size: a.size - b.size };
  });
}

/** The `n` rows that grew most in `key` ('count' or 'size'), largest first; rows that did not grow are left out. */
export function topGrowth(rows, key, n = 25) {
  return rows
    .filter((row) => row[key] > 0)
    .sort((x, y) => y[key] - x[key] || x.name.localeCompare(y.name))
    .slice(0, n);
}
