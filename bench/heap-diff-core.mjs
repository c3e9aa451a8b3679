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
  const neededNames = new Set();
  let nodes = 0;
  return {
    stride: fields.length,
    typeAt,
    nameAt,
    sizeAt,
    neededNames,
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
        if (byName[type]) neededNames.add(name);
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

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const isSpace = (b) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/**
 * The same counts read straight from the file's bytes, without JSON.parse: a snapshot of a 250 MiB heap is about
 * 500 MB of JSON, past V8's longest string (512 MiB) and many times that as parsed arrays. Only the snapshot header
 * and the strings the counted names need are decoded; the nodes are counted as they are read; the rest is skipped.
 * Throws on a file that ends early (a snapshot still being written).
 */
export function summarizeSnapshotBytes(buf) {
  let pos = 0;
  const fail = (what) => {
    throw new Error(`not a complete V8 heap snapshot: ${what} at byte ${pos} of ${buf.length}`);
  };
  const skipSpace = () => {
    while (isSpace(buf[pos])) pos++;
  };
  const expect = (char) => {
    skipSpace();
    if (buf[pos] !== char.charCodeAt(0)) fail(`expected "${char}"`);
    pos++;
  };
  // The index of the quote that closes the string opening at `start`.
  const stringEnd = (start) => {
    let i = start;
    for (;;) {
      i = buf.indexOf(QUOTE, i + 1);
      if (i < 0) fail('a string that does not end');
      let backslashes = 0;
      for (let j = i - 1; buf[j] === BACKSLASH; j--) backslashes++;
      if (backslashes % 2 === 0) return i;
    }
  };
  // Past one JSON value of any kind.
  const skipValue = () => {
    skipSpace();
    let depth = 0;
    for (;; pos++) {
      const b = buf[pos];
      if (b === undefined) fail('a value that does not end');
      if (b === QUOTE) {
        pos = stringEnd(pos);
        if (depth === 0) {
          pos++;
          return;
        }
      } else if (b === 0x5b || b === 0x7b) depth++;
      else if (b === 0x5d || b === 0x7d) {
        if (depth === 0) return; // a number's end: the brace that closes the object around it
        if (--depth === 0) {
          pos++;
          return;
        }
      } else if (depth === 0 && (b === COMMA || isSpace(b))) return;
    }
  };

  let header = null;
  let c = null;
  let nameOf = null;
  expect('{');
  for (;;) {
    skipSpace();
    if (buf[pos] === 0x7d) break;
    if (buf[pos] !== QUOTE) fail('expected a key');
    const keyEnd = stringEnd(pos);
    const key = buf.toString('latin1', pos + 1, keyEnd);
    pos = keyEnd + 1;
    expect(':');
    skipSpace();
    if (key === 'snapshot') {
      const start = pos;
      skipValue();
      header = JSON.parse(buf.toString('utf8', start, pos));
      c = counter(header?.meta);
    } else if (key === 'nodes') {
      if (!c) fail('"nodes" before "snapshot"');
      expect('[');
      const row = new Array(c.stride).fill(0);
      let field = 0;
      let value = 0;
      let digits = false;
      for (;; pos++) {
        const b = buf[pos];
        if (b >= 0x30 && b <= 0x39) {
          value = value * 10 + (b - 0x30);
          digits = true;
          continue;
        }
        if (digits) {
          row[field++] = value;
          if (field === c.stride) {
            c.add(row[c.typeAt], row[c.nameAt], row[c.sizeAt]);
            field = 0;
          }
          value = 0;
          digits = false;
        }
        if (b === 0x5d) break;
        if (b !== COMMA && !isSpace(b)) fail(b === undefined ? 'nodes that do not end' : 'a byte that is not a node field');
      }
      if (field) fail('a node cut short');
      pos++;
    } else if (key === 'strings') {
      if (!c) fail('"strings" before "snapshot"');
      const names = new Map();
      expect('[');
      for (let index = 0; ; index++) {
        skipSpace();
        if (buf[pos] === 0x5d) break;
        if (buf[pos] !== QUOTE) fail('expected a string');
        const end = stringEnd(pos);
        if (c.neededNames.has(index)) names.set(index, JSON.parse(buf.toString('utf8', pos, end + 1)));
        pos = end + 1;
        skipSpace();
        if (buf[pos] === COMMA) pos++;
      }
      pos++;
      nameOf = (i) => names.get(i);
    } else {
      skipValue();
    }
    skipSpace();
    if (buf[pos] === COMMA) pos++;
  }
  if (!c || !nameOf) fail('no "snapshot", "nodes" or "strings"');
  if (typeof header.node_count === 'number' && header.node_count !== c.nodes) fail(`${c.nodes} nodes where the header says ${header.node_count}`);
  return c.finish(nameOf);
}

/**
 * Two summaries compared: one row per name in either, { name, before, after, count, size } where before and after are
 * { count, size } and count and size are after minus before.
 */
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
