/**
 * The core of bench/heap-retainers.mjs (issue 24): what keeps an object of a V8 heap snapshot alive, as the shortest
 * chain of references from the snapshot's root to it. bench/heap-diff-core.mjs counts nodes and skips edges; this
 * reads the edges too and builds the reverse graph.
 *
 * The format: `snapshot.meta.edge_fields` names the fields of an edge (type, name_or_index, to_node) and
 * `edge_types[0]` the edge types (context, element, property, internal, hidden, shortcut, weak). `edges` is one flat
 * array, edge_fields.length numbers per edge; node i owns the next edge_count[i] edges in node order. `to_node` is the
 * target's offset in `nodes` (its ordinal times node_fields.length). `name_or_index` is an index into `strings`, but
 * for element and hidden edges it is the array index itself. Node 0 is the synthetic root.
 *
 * Distances are a breadth-first search from node 0 over the edges that keep an object alive: weak edges never do, and
 * shortcut edges (DevTools' root -> global object links, which skip the real chain) are left out unless asked for.
 * Nor does a WeakMap's (or WeakSet's, or V8's own ephemeron tables') edge to a value: V8 writes an entry as an
 * internal edge from the table, "<i> / part of key (K @k) -> value (V @v) pair in WeakMap (table @t)", and the same
 * edge again from the key, and the value lives only while the key does. Counting the table's edge shows a
 * WeakMap as the holder of everything stored in it, whoever holds the key (in a Next.js server: its params caches
 * holding every request); the key's edge is kept. A path is then walked back from the target, each step to a retainer one closer to the root, so every path returned is
 * a shortest one. All per-node and per-edge tables are typed arrays, outside the JavaScript heap: a 3.4 M node,
 * 16 M edge snapshot takes about 0.6 GB besides the file.
 */

/** Edge types, best first, when several retainers are equally close: names a reader can grep for before V8's own. */
const EDGE_PREFERENCE = ['property', 'context', 'element', 'internal', 'hidden', 'shortcut'];
const UNREACHED = 0xffffffff;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const isSpace = (b) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/**
 * A snapshot read from the file's bytes without JSON.parse (a 500 MB snapshot is past V8's longest string): the same
 * shape as the parsed object, { snapshot, nodes, edges, strings }, with nodes (Float64Array) and edges (Uint32Array)
 * as typed arrays. `sections` limits what is read (['nodes'] for the ids alone); the others are skipped and left
 * undefined. Throws on a file that ends early.
 */
export function readSnapshotBytes(buf, { sections = ['nodes', 'edges', 'strings'] } = {}) {
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
        if (depth === 0) return;
        if (--depth === 0) {
          pos++;
          return;
        }
      } else if (depth === 0 && (b === COMMA || isSpace(b))) return;
    }
  };
  // An array of whole numbers into a typed array; `length` (from the header) sizes it, else it grows.
  const readNumbers = (Type, length, what) => {
    expect('[');
    let out = new Type(length ?? 1 << 20);
    let n = 0;
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
        if (n === out.length) {
          if (length !== undefined) fail(`more ${what} than the header says`);
          const grown = new Type(out.length * 2);
          grown.set(out);
          out = grown;
        }
        out[n++] = value;
        if (out[n - 1] !== value) fail(`${what} value ${value} that does not fit`);
        value = 0;
        digits = false;
      }
      if (b === 0x5d) break;
      if (b !== COMMA && !isSpace(b)) fail(b === undefined ? `${what} that do not end` : `a byte that is not a number in ${what}`);
    }
    pos++;
    if (length !== undefined && n !== length) fail(`${n} ${what} where the header says ${length}`);
    return n === out.length ? out : out.subarray(0, n);
  };

  const out = { snapshot: undefined, nodes: undefined, edges: undefined, strings: undefined };
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
    const meta = out.snapshot?.meta;
    if (key === 'snapshot') {
      const start = pos;
      skipValue();
      out.snapshot = JSON.parse(buf.toString('utf8', start, pos));
    } else if ((key === 'nodes' || key === 'edges') && sections.includes(key)) {
      if (!meta) fail(`"${key}" before "snapshot"`);
      const fields = key === 'nodes' ? meta.node_fields : meta.edge_fields;
      const count = key === 'nodes' ? out.snapshot.node_count : out.snapshot.edge_count;
      const length = typeof count === 'number' ? count * fields.length : undefined;
      out[key] = readNumbers(key === 'nodes' ? Float64Array : Uint32Array, length, key);
      if (out[key].length % fields.length) fail(`${key} cut short`);
    } else if (key === 'strings' && sections.includes(key)) {
      const strings = [];
      expect('[');
      for (;;) {
        skipSpace();
        if (buf[pos] === 0x5d) break;
        if (buf[pos] !== QUOTE) fail('expected a string');
        const end = stringEnd(pos);
        const raw = buf.subarray(pos + 1, end);
        strings.push(raw.includes(BACKSLASH) ? JSON.parse(buf.toString('utf8', pos, end + 1)) : raw.toString('utf8'));
        pos = end + 1;
        skipSpace();
        if (buf[pos] === COMMA) pos++;
      }
      pos++;
      out.strings = strings;
    } else {
      skipValue();
    }
    skipSpace();
    if (buf[pos] === COMMA) pos++;
  }
  for (const key of ['snapshot', ...sections]) if (!out[key]) fail(`no "${key}"`);
  return out;
}

/** The node ids of a snapshot (read with sections ['nodes'] or whole), sorted, for hasId(). */
export function nodeIds({ snapshot, nodes }) {
  const stride = snapshot.meta.node_fields.length;
  const idAt = snapshot.meta.node_fields.indexOf('id');
  const ids = new Float64Array(nodes.length / stride);
  for (let i = 0; i < ids.length; i++) ids[i] = nodes[i * stride + idAt];
  return ids.sort();
}

/** Whether `id` is in sorted `ids` (binary search). */
export function hasId(ids, id) {
  let lo = 0;
  let hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (ids[mid] === id) return true;
    if (ids[mid] < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

const graphs = new WeakMap();

/**
 * The snapshot's graph: forward edges by node, retainers (reverse edges) by node, and each node's distance from the
 * root over the edges that keep objects alive. Node ordinals (0, 1, 2, ...) throughout, not offsets into `nodes`.
 * Built once per snapshot object and options.
 */
export function heapGraph(snap, { shortcuts = false, ephemeronTables = false } = {}) {
  const variant = `${shortcuts}/${ephemeronTables}`;
  const cached = graphs.get(snap)?.get(variant);
  if (cached) return cached;
  const { snapshot, nodes, edges, strings } = snap;
  const meta = snapshot?.meta;
  const nf = meta?.node_fields;
  const ef = meta?.edge_fields;
  const nodeTypes = meta?.node_types?.[nf?.indexOf('type')];
  const edgeTypes = meta?.edge_types?.[ef?.indexOf('type')];
  if (!nf || !ef || !Array.isArray(nodeTypes) || !Array.isArray(edgeTypes) || !edges || !strings) {
    throw new Error('not a V8 heap snapshot with edges: snapshot.meta lacks node_fields, edge_fields or their types');
  }
  const [typeAt, nameAt, idAt, sizeAt, countAt] = ['type', 'name', 'id', 'self_size', 'edge_count'].map((f) => nf.indexOf(f));
  const [eTypeAt, eNameAt, eToAt] = ['type', 'name_or_index', 'to_node'].map((f) => ef.indexOf(f));
  if ([typeAt, nameAt, idAt, sizeAt, countAt, eTypeAt, eNameAt, eToAt].some((i) => i < 0)) {
    throw new Error('snapshot.meta lacks a node field (type, name, id, self_size, edge_count) or edge field (type, name_or_index, to_node)');
  }
  const ns = nf.length;
  const es = ef.length;
  const nodeCount = nodes.length / ns;
  const edgeCount = edges.length / es;

  // firstEdge[i]..firstEdge[i + 1]: node i's edges, as edge ordinals.
  const firstEdge = new Uint32Array(nodeCount + 1);
  for (let i = 0; i < nodeCount; i++) firstEdge[i + 1] = firstEdge[i] + nodes[i * ns + countAt];
  if (firstEdge[nodeCount] !== edgeCount) {
    throw new Error(`the nodes' edge counts add up to ${firstEdge[nodeCount]}, but edges holds ${edgeCount}`);
  }
  const weak = edgeTypes.indexOf('weak');
  const shortcut = edgeTypes.indexOf('shortcut');
  const internal = edgeTypes.indexOf('internal');
  // Edges from an ephemeron table to a value (see the top of this file): 1 where the edge holds only with its key.
  const conditional = new Uint8Array(edgeCount);
  if (!ephemeronTables) {
    const keyOf = new Map(); // string index -> the key's node id in an ephemeron edge's name, or -1
    for (let owner = 0; owner < nodeCount; owner++) {
      for (let e = firstEdge[owner]; e < firstEdge[owner + 1]; e++) {
        if (edges[e * es + eTypeAt] !== internal) continue;
        const n = edges[e * es + eNameAt];
        let key = keyOf.get(n);
        if (key === undefined) {
          const m = / \/ part of key \(.*? @(\d+)\) -> value /.exec(strings[n] ?? '');
          key = m ? Number(m[1]) : -1;
          keyOf.set(n, key);
        }
        if (key >= 0 && nodes[owner * ns + idAt] !== key) conditional[e] = 1;
      }
    }
  }
  const holds = (e) => {
    const t = edges[e * es + eTypeAt];
    return t !== weak && (shortcuts || t !== shortcut) && !conditional[e];
  };
  const target = (e) => {
    const to = edges[e * es + eToAt];
    if (to % ns || to / ns >= nodeCount) throw new Error(`edge ${e} points at ${to}, not a node's offset`);
    return to / ns;
  };

  // Retainers: firstRetainer[i]..firstRetainer[i + 1] index retainingEdge, the edges (ordinals) that point at i, and
  // retainingNode, their owners. Weak edges included, so a caller can list them; the walk skips them.
  const firstRetainer = new Uint32Array(nodeCount + 1);
  for (let e = 0; e < edgeCount; e++) firstRetainer[target(e) + 1]++;
  for (let i = 0; i < nodeCount; i++) firstRetainer[i + 1] += firstRetainer[i];
  const fill = firstRetainer.slice(0, nodeCount);
  const retainingEdge = new Uint32Array(edgeCount);
  const retainingNode = new Uint32Array(edgeCount);
  for (let owner = 0; owner < nodeCount; owner++) {
    for (let e = firstEdge[owner]; e < firstEdge[owner + 1]; e++) {
      const slot = fill[edges[e * es + eToAt] / ns]++;
      retainingEdge[slot] = e;
      retainingNode[slot] = owner;
    }
  }

  // Distances from the root (node 0), breadth first.
  const distance = new Uint32Array(nodeCount).fill(UNREACHED);
  const queue = new Uint32Array(nodeCount);
  let head = 0;
  let tail = 0;
  if (nodeCount) {
    distance[0] = 0;
    queue[tail++] = 0;
  }
  while (head < tail) {
    const from = queue[head++];
    for (let e = firstEdge[from]; e < firstEdge[from + 1]; e++) {
      if (!holds(e)) continue;
      const to = edges[e * es + eToAt] / ns;
      if (distance[to] === UNREACHED) {
        distance[to] = distance[from] + 1;
        queue[tail++] = to;
      }
    }
  }

  const graph = {
    nodeCount,
    edgeCount,
    distance,
    firstEdge,
    firstRetainer,
    retainingEdge,
    retainingNode,
    holds,
    target,
    type: (i) => nodeTypes[nodes[i * ns + typeAt]],
    name: (i) => strings[nodes[i * ns + nameAt]],
    id: (i) => nodes[i * ns + idAt],
    selfSize: (i) => nodes[i * ns + sizeAt],
    edgeType: (e) => edgeTypes[edges[e * es + eTypeAt]],
    /** An element or hidden edge's index (a number), else its name (a string). */
    edgeName: (e) => {
      const type = edgeTypes[edges[e * es + eTypeAt]];
      const n = edges[e * es + eNameAt];
      return type === 'element' || type === 'hidden' ? n : strings[n];
    },
  };
  if (!graphs.has(snap)) graphs.set(snap, new Map());
  graphs.get(snap).set(variant, graph);
  return graph;
}

/** A node as a step of a path shows it: { index, id, type, name }. */
function nodeStep(g, i) {
  return { index: i, id: g.id(i), type: g.type(i), name: g.name(i) };
}

/**
 * The shortest chains of references from the root (node 0) to a node: up to `maxPaths` of them (1 by default), each
 * { steps, truncated }. steps[0] is the root (or, for a node further than `maxDepth` edges, the node maxDepth steps
 * up, with truncated true) and the last is the target; every step after the first carries the edge that reaches it
 * from the one before: { index, id, type, name, edge: { type, name } }. Among equally close retainers the walk takes
 * property edges first, then context, element, internal, hidden. [] for a node no strong chain reaches (held by weak
 * references alone, which V8 keeps until the next collection). `nodeIndex` is an ordinal; an offset into `nodes`
 * divides by node_fields.length first.
 */
export function retainerPaths(snap, nodeIndex, { maxDepth = 64, maxPaths = 1, ...graphOptions } = {}) {
  const g = snap.distance ? snap : heapGraph(snap, graphOptions);
  if (!(nodeIndex >= 0 && nodeIndex < g.nodeCount)) throw new RangeError(`node ${nodeIndex} is not one of the ${g.nodeCount}`);
  if (g.distance[nodeIndex] === UNREACHED) return [];
  const rank = (e) => {
    const r = EDGE_PREFERENCE.indexOf(g.edgeType(e));
    return r < 0 ? EDGE_PREFERENCE.length : r;
  };
  // The edges into `i` from a node one step closer to the root, best first.
  const closer = (i) => {
    const d = g.distance[i];
    const out = [];
    for (let r = g.firstRetainer[i]; r < g.firstRetainer[i + 1]; r++) {
      const e = g.retainingEdge[r];
      if (g.holds(e) && g.distance[g.retainingNode[r]] === d - 1) out.push({ from: g.retainingNode[r], edge: e });
    }
    return out.sort((a, b) => rank(a.edge) - rank(b.edge) || a.edge - b.edge);
  };
  const paths = [];
  // Walks back from `i`, `after` the steps from i's child to the target (i's own edge set by the caller).
  const walk = (i, after, depth) => {
    if (paths.length >= maxPaths) return;
    if (i === 0 || depth === maxDepth) {
      paths.push({ steps: [nodeStep(g, i), ...after], truncated: i !== 0 });
      return;
    }
    for (const { from, edge } of closer(i)) {
      walk(from, [{ ...nodeStep(g, i), edge: { type: g.edgeType(edge), name: g.edgeName(edge) } }, ...after], depth + 1);
      if (paths.length >= maxPaths) return;
    }
  };
  walk(nodeIndex, [], 0);
  return paths;
}

/**
 * Every edge into a node, weak ones too: { from (a step), edge: { type, name }, holds (whether the walk counts it),
 * distance (the retainer's from the root; null if unreached) }.
 */
export function directRetainers(snap, nodeIndex, graphOptions = {}) {
  const g = snap.distance ? snap : heapGraph(snap, graphOptions);
  const out = [];
  for (let r = g.firstRetainer[nodeIndex]; r < g.firstRetainer[nodeIndex + 1]; r++) {
    const from = g.retainingNode[r];
    const e = g.retainingEdge[r];
    const d = g.distance[from];
    out.push({ from: nodeStep(g, from), edge: { type: g.edgeType(e), name: g.edgeName(e) }, holds: g.holds(e), distance: d === UNREACHED ? null : d });
  }
  return out;
}

/** How a node reads on a path line: its constructor or internal name; a closure, string or code with its type. */
export function nodeLabel({ index, type, name }, { mask = false } = {}) {
  if (index === 0 && !name) return '(root)';
  if (type === 'object' || type === 'native' || type === 'hidden' || type === 'synthetic' || type === 'array') {
    const shown = name || `(${type})`;
    return mask ? shown.replace(/\d+/g, 'N') : shown;
  }
  if (type === 'closure') return name ? `${name}()` : '(anonymous)()';
  if (type === 'string' || type === 'concatenated string' || type === 'sliced string') {
    return mask ? `(${type})` : `(${type}) ${JSON.stringify(String(name).slice(0, 40))}`;
  }
  return `(${type})`;
}

/** An edge as it follows its owner: `.name`, `[12]` for an element, `.<context>name` for a closure's variable. */
export function edgeLabel({ type, name }, { mask = false } = {}) {
  if (type === 'element' || type === 'hidden') return mask ? `[]` : `[${name}]`;
  const plain = typeof name === 'string' && /^[A-Za-z_$][\w$]*$/.test(name);
  const text = String(name);
  const shown = plain ? name : JSON.stringify(text.length > 80 ? `${text.slice(0, 79)}…` : text);
  // Masked: the numbers in a name that is not an identifier (V8's "12 / part of key (Object @345) -> ...").
  const masked = mask && !plain ? shown.replace(/\d+/g, 'N') : shown;
  if (type === 'context') return `.<context>${masked}`;
  if (type === 'internal') return `.<internal>${masked}`;
  if (type === 'shortcut') return `.<shortcut>${masked}`;
  return `.${masked}`;
}

/**
 * A path on one line, as DevTools' retainers read top down: `Map.table -> Array[12] -> ServerResponse`. With `mask`,
 * array indices, numbers in names and string contents are dropped, so the paths of many objects can be tallied.
 */
export function formatPath({ steps, truncated }, { mask = false } = {}) {
  const parts = [];
  for (let k = 0; k < steps.length; k++) {
    const next = steps[k + 1];
    const label = nodeLabel(steps[k], { mask }) + (next ? edgeLabel(next.edge, { mask }) : '');
    parts.push(label);
  }
  return (truncated ? '... -> ' : '') + parts.join(' -> ');
}
