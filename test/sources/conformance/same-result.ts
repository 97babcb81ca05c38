import assert from 'node:assert/strict';
import type { CanonicalEvent } from '../../../src/core/event.js';
import type { AnyEnvelope } from '../../../src/core/pipeline/envelope.js';
import type { ReferenceResult } from './reference/run.js';

/**
 * Comparing a run's result with the independent reference's: events whole (roles, document, derived attributes),
 * table rows and graph records in order. Numbers that are not integers may differ in the last bits — Distill sums
 * with compensated (Kahan–Babuška) summation and interpolates quantiles as numpy does, the reference adds plainly —
 * so they compare with a relative tolerance of 1e-9; everything else compares exactly.
 */
export const RELATIVE_TOLERANCE = 1e-9;

/** The comparable part of a run's result. `byId`: events in id order (for results whose order is not defined). */
export function runResult(envelope: AnyEnvelope, byId: boolean): unknown {
  assert.ok('result' in envelope, 'a single-output run');
  const r = envelope.result;
  if (r.kind === 'events') return byId ? sortById(r.events as CanonicalEvent[]) : r.events;
  if (r.kind === 'table') return r.rows;
  return { nodes: r.nodes, edges: r.edges, attributes: r.attributes };
}

/** The comparable part of the reference's answer. */
export function referenceResult(ref: ReferenceResult, byId: boolean): unknown {
  const r = ref.result;
  if (r.kind === 'events') return byId ? sortById(r.events) : r.events;
  if (r.kind === 'table') return r.rows;
  return { nodes: r.nodes, edges: r.edges, attributes: r.attributes };
}

function idNumber(id: string): number {
  return Number(id.slice(id.lastIndexOf('#') + 1));
}

function sortById(events: readonly CanonicalEvent[]): CanonicalEvent[] {
  return [...events].sort((a, b) => idNumber(a.id) - idNumber(b.id) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function close(a: number, b: number): boolean {
  if (Number.isInteger(a) && Number.isInteger(b)) return a === b;
  return Math.abs(a - b) <= RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
}

/** The first place two values differ (beyond the tolerance), or undefined when they are the same. */
export function firstDifference(got: unknown, want: unknown, at = '$'): string | undefined {
  if (typeof got === 'number' && typeof want === 'number') return close(got, want) ? undefined : `${at}: ${got} ≠ ${want}`;
  if (Array.isArray(got) || Array.isArray(want)) {
    if (!Array.isArray(got) || !Array.isArray(want)) return `${at}: ${JSON.stringify(got)} ≠ ${JSON.stringify(want)}`;
    if (got.length !== want.length) return `${at}: length ${got.length} ≠ ${want.length}`;
    for (let i = 0; i < got.length; i++) {
      const d = firstDifference(got[i], want[i], `${at}[${i}]`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  if (got !== null && want !== null && typeof got === 'object' && typeof want === 'object') {
    const keys = [...new Set([...Object.keys(got), ...Object.keys(want)])].sort();
    for (const k of keys) {
      if (Object.hasOwn(got, k) !== Object.hasOwn(want, k)) return `${at}.${k}: present on one side only (${JSON.stringify((got as Record<string, unknown>)[k] ?? (want as Record<string, unknown>)[k])})`;
      const d = firstDifference((got as Record<string, unknown>)[k], (want as Record<string, unknown>)[k], `${at}.${k}`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  return Object.is(got, want) ? undefined : `${at}: ${JSON.stringify(got)} ≠ ${JSON.stringify(want)}`;
}

/** Assert a run's result equals the reference's (see the tolerance above). */
export function assertSameResult(got: unknown, want: unknown, message: string): void {
  const d = firstDifference(got, want);
  assert.equal(d, undefined, `${message}: ${d}`);
}
