import type { Graph } from '../frame.js';
import type { Column, ColumnType, Row } from '../frame.js';

/** Record keys a graph's node and edge records reserve; attributes of those names are written with a `_` prefix. */
const NODE_RESERVED: ReadonlySet<string> = new Set(['key']);
const EDGE_RESERVED: ReadonlySet<string> = new Set(['source', 'target']);

function flatten(head: Row, attributes: Record<string, unknown>, reserved: ReadonlySet<string>): Row {
  for (const name of Object.keys(attributes)) {
    const value = attributes[name];
    if (value === undefined) continue;
    let out = name;
    while (reserved.has(out) || Object.hasOwn(head, out)) out = `_${out}`;
    head[out] = value;
  }
  return head;
}

/**
 * A graph's nodes as flat records `{ key, ...attributes }`, in the graph's insertion order (pandas-ready:
 * `DataFrame.from_records(result["nodes"])`). An attribute named `key` is written as `_key`. Cost: O(nodes).
 *
 * @example graphNodeRecords(g) // → [{ key: 'home', count: 3, pagerank: 0.41 }, …]
 */
export function graphNodeRecords(graph: Graph): Row[] {
  const out: Row[] = [];
  graph.forEachNode((key, attributes) => out.push(flatten({ key }, attributes, NODE_RESERVED)));
  return out;
}

/**
 * A graph's edges as flat records `{ source, target, ...attributes }` in insertion order — the edge list networkx
 * reads with `from_pandas_edgelist(df, "source", "target", edge_attr=True)`. Attributes named `source` or
 * `target` are written as `_source`/`_target`. Cost: O(edges).
 */
export function graphEdgeRecords(graph: Graph): Row[] {
  const out: Row[] = [];
  graph.forEachEdge((_edge, attributes, source, target) => out.push(flatten({ source, target }, attributes, EDGE_RESERVED)));
  return out;
}

/** The type of a column holding these values (first non-null value decides; mixed kinds give `any`). */
export function inferColumnType(values: Iterable<unknown>): ColumnType {
  let type: ColumnType | undefined;
  for (const v of values) {
    if (v === null || v === undefined) continue;
    const t: ColumnType =
      typeof v === 'string' ? 'string'
      : typeof v === 'boolean' ? 'boolean'
      : typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number')
      : 'json';
    if (type === undefined) type = t;
    else if (type !== t) {
      if ((type === 'integer' && t === 'number') || (type === 'number' && t === 'integer')) type = 'number';
      else return 'any';
    }
  }
  return type ?? 'any';
}

/** Columns of a list of records: the union of their keys in first-seen order, types inferred from the values. */
export function recordColumns(records: readonly Row[], first: readonly Column[] = []): Column[] {
  const names: string[] = first.map((c) => c.name);
  const seen = new Set(names);
  for (const r of records) for (const k of Object.keys(r)) if (!seen.has(k)) (seen.add(k), names.push(k));
  const fixed = new Map(first.map((c) => [c.name, c]));
  return names.map((name) => fixed.get(name) ?? { name, type: inferColumnType(records.map((r) => r[name])) });
}
