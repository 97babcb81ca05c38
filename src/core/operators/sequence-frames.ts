import type { CanonicalEvent } from '../event.js';
import type { Column, Frame, Row } from '../frame.js';
import { copyEvent } from '../event.js';
import { partitionIdPrefix, partitions, type Partition } from '../partition.js';

/**
 * The complete partitions of a partition-ordered stream (the runner orders the input of every operator declaring
 * `partition`), with their key values. Memory: the largest partition.
 */
export function eventPartitions(batches: AsyncIterable<readonly CanonicalEvent[]>, by: readonly string[]): AsyncGenerator<Partition> {
  return partitions(batches, by);
}

/** The readable id prefix of a partition key (`chloe.a`, `chloe.a/session_1`). */
export const partitionPrefix: (key: readonly unknown[]) => string = partitionIdPrefix;

/**
 * A copy of an event with derived attributes (and optionally replaced roles); the document is untouched. `attrs`
 * must be an object made for this call: it becomes the copy's attributes as it is when the event has none (one
 * object fewer per event than `copyEvent`), else it is merged over the event's.
 */
export function derive(event: CanonicalEvent, attrs: Readonly<Record<string, unknown>>, roles: Partial<Pick<CanonicalEvent, 'user' | 'session'>> = {}): CanonicalEvent {
  const user = 'user' in roles ? roles.user : event.user;
  const session = 'session' in roles ? roles.session : event.session;
  if (event.attrs !== undefined) return copyEvent(event, attrs, user, session);
  // The same properties in the same order as copyEvent's literal (one hidden class for all copies).
  return { id: event.id, time: event.time, end: event.end, user, session, type: event.type, target: event.target, path: event.path, page: event.page, kind: event.kind, doc: event.doc, attrs };
}

/** An events frame over an async generator of batches. */
export function eventsFrame(batches: AsyncIterable<readonly CanonicalEvent[]>): Frame {
  return { kind: 'events', batches };
}

/** A table frame over an async generator of row batches. */
export function tableOf(columns: readonly Column[], batches: AsyncIterable<readonly Row[]>): Frame {
  return { kind: 'table', columns, batches };
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
