import type { CanonicalEvent } from '../event.js';
import type { Column, Frame, Row } from '../frame.js';
import { fieldGetter, resolveFieldRef } from '../query/field-ref.js';
import { sortPartition } from '../sequence/event-order.js';
import { idPart } from '../sequence/id-part.js';
import { tupleKey } from '../sequence/value-key.js';

/** One complete partition: its key values and its events in partition order. */
export interface Partition {
  readonly key: unknown[];
  readonly events: CanonicalEvent[];
}

/**
 * The partitions of an event stream, each complete and in partition order (time, then id; untimed last),
 * ordered by key (missing last). Cost: holds all events (the runner's sorted partitions replace this once it
 * delivers them).
 */
export async function* eventPartitions(batches: AsyncIterable<readonly CanonicalEvent[]>, by: readonly string[]): AsyncGenerator<Partition> {
  const getters = by.map((f) => fieldGetter(resolveFieldRef(f)));
  const groups = new Map<string, Partition>();
  for await (const batch of batches) {
    for (const e of batch) {
      const values = getters.map((g) => {
        const v = g(e);
        return v === undefined ? null : v;
      });
      const k = tupleKey(values);
      const p = groups.get(k);
      if (p === undefined) groups.set(k, { key: values, events: [e] });
      else p.events.push(e);
    }
  }
  const ordered = [...groups.values()].sort((a, b) => compareKeys(a.key, b.key));
  for (const p of ordered) yield { key: p.key, events: sortPartition(p.events) };
}

/** Partition keys in order: value by value, missing last, numbers before strings, strings by code point. */
function compareKeys(a: readonly unknown[], b: readonly unknown[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x === null) return 1;
    if (y === null) return -1;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    if (typeof x === 'number') return -1;
    if (typeof y === 'number') return 1;
    const sx = typeof x === 'string' ? x : JSON.stringify(x);
    const sy = typeof y === 'string' ? y : JSON.stringify(y);
    if (sx !== sy) return sx < sy ? -1 : 1;
  }
  return 0;
}

/** The readable id prefix of a partition key (`chloe.a`, `chloe.a/session_1`). */
export function partitionPrefix(key: readonly unknown[]): string {
  return key.length === 0 ? 'all' : key.map(idPart).join('/');
}

/** A copy of an event with derived attributes (and optionally replaced roles); the document is untouched. */
export function derive(event: CanonicalEvent, attrs: Readonly<Record<string, unknown>>, roles: Partial<CanonicalEvent> = {}): CanonicalEvent {
  const prev = (event as { attrs?: Readonly<Record<string, unknown>> }).attrs;
  return { ...event, ...roles, attrs: { ...prev, ...attrs } } as CanonicalEvent;
}

/** An events frame over an async generator of batches. */
export function eventsFrame(batches: AsyncIterable<readonly CanonicalEvent[]>): Frame {
  return { kind: 'events', batches };
}

/** A table frame over an async generator of row batches. */
export function tableOf(columns: readonly Column[], batches: AsyncIterable<readonly Row[]>): Frame {
  return { kind: 'table', columns, rows: batches };
}

/** Partition key columns of a table result (types unknown: any). */
export function keyColumns(by: readonly string[]): Column[] {
  return by.map((name) => ({ name, type: 'any' as const, description: 'Partition key.' }));
}

/** Partition key values as row fields. */
export function keyRow(by: readonly string[], key: readonly unknown[]): Row {
  const row: Row = {};
  by.forEach((f, i) => (row[f] = key[i] ?? null));
  return row;
}
