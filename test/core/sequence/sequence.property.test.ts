import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { CanonicalEvent } from '../../../src/core/event.js';
import { sortPartition } from './seq-helpers.js';
import { sessionize } from '../../../src/core/sequence/sessionize.js';
import { fixedWindows } from '../../../src/core/sequence/fixed-windows.js';
import { differenceSegments, intersectionSegments, unionSegments } from '../../../src/core/sequence/segment-set-ops.js';
import { explicitWindows } from '../../../src/core/sequence/explicit-windows.js';
import { collapseRepeats } from '../../../src/core/sequence/collapse-repeats.js';
import { sampleMask } from '../../../src/core/sequence/resample.js';
import { pairEvents } from '../../../src/core/sequence/pair-events.js';
import { typeIs } from './seq-helpers.js';

/** Events with colliding times (ties), awkward session values ('/', '∅', '', null) and some untimed. */
const eventsArb = fc
  .array(
    fc.record({
      time: fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined, freq: 8 }),
      session: fc.constantFrom('s1', 's2', 'a/b', '∅', '', undefined, '1'),
      type: fc.constantFrom('click', 'focus', 'blur', 'scroll'),
    }),
    { maxLength: 40 },
  )
  .map((list) => list.map((r, i): CanonicalEvent => ({ id: `f#${i}`, time: r.time, session: r.session, type: r.type, doc: {} })));

const shuffled = <T>(items: readonly T[], seed: number): T[] => {
  const out = [...items];
  let s = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
};

const sessionOptions = (gap: number | undefined, fields: string[]) => ({ fields, gap, pageField: 'page', tabField: 'browserSessionId', prefix: 'u' });

test('sessions partition the events: each event in exactly one session, counts add up, ids unique', () => {
  fc.assert(
    fc.property(eventsArb, fc.option(fc.integer({ min: 0, max: 50 }), { nil: undefined }), fc.boolean(), (raw, gap, byField) => {
      const events = sortPartition(raw);
      const r = sessionize(events, sessionOptions(gap, byField ? ['session'] : []));
      assert.equal(r.ids.length, events.length);
      assert.equal(r.sessions.reduce((s, x) => s + x.count, 0), events.length);
      assert.equal(new Set(r.sessions.map((s) => s.id)).size, r.sessions.length);
      const known = new Set(r.sessions.map((s) => s.id));
      for (const id of r.ids) assert.ok(known.has(id));
      // Within a session, consecutive timed events are at most `gap` apart.
      if (gap !== undefined) {
        const last = new Map<string, number>();
        events.forEach((e, i) => {
          if (e.time === undefined) return;
          const prev = last.get(r.ids[i]!);
          if (prev !== undefined) assert.ok(e.time - prev <= gap);
          last.set(r.ids[i]!, e.time);
        });
      }
    }),
  );
});

test('sessions are invariant to input order (through the partition sort)', () => {
  fc.assert(
    fc.property(eventsArb, fc.integer(), fc.integer({ min: 0, max: 50 }), (raw, seed, gap) => {
      const assign = (list: CanonicalEvent[]) => {
        const sorted = sortPartition(list);
        const r = sessionize(sorted, sessionOptions(gap, ['session']));
        return new Map(sorted.map((e, i) => [e.id, r.ids[i]]));
      };
      assert.deepEqual(assign(shuffled(raw, seed)), assign(raw));
    }),
  );
});

test('half-open fixed windows partition the timed events (with or without empty windows, any alignment)', () => {
  fc.assert(
    fc.property(eventsArb, fc.integer({ min: 1, max: 60 }), fc.constantFrom('first' as const, 'clock' as const), fc.boolean(), (raw, size, align, keepEmpty) => {
      const events = sortPartition(raw);
      const segments = fixedWindows(events, { size, align, trim: false, keepEmpty, closed: 'left', label: 'w', maxWindows: 1e5 });
      const ids = segments.flatMap((s) => s.eventIds);
      assert.deepEqual([...ids].sort(), events.filter((e) => e.time !== undefined).map((e) => e.id).sort());
      for (const s of segments) {
        assert.equal(s.count, s.eventIds.length);
        assert.equal(s.end! - s.start!, size);
      }
    }),
  );
});

test('set operations obey their algebra: union commutative, intersection ⊆ both, A − B disjoint from B, A = (A − B) ∪ (A ∩ B)', () => {
  const window = fc.tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 100 })).map(([s, w]) => ({ start: s, end: s + w }));
  fc.assert(
    fc.property(eventsArb, window, window, (raw, wa, wb) => {
      const events = sortPartition(raw);
      const pos = new Map(events.map((e, i) => [e.id, i]));
      const p = (id: string) => pos.get(id)!;
      const [A, B] = explicitWindows(events, [{ name: 'A', ...wa }, { name: 'B', ...wb }], 'left') as [never, never];
      const ab = unionSegments('u', A, B, p);
      const ba = unionSegments('u', B, A, p);
      assert.deepEqual(ab, ba);
      const i = intersectionSegments('i', A, B, p);
      const a = new Set((A as { eventIds: string[] }).eventIds);
      const b = new Set((B as { eventIds: string[] }).eventIds);
      for (const id of i.eventIds) assert.ok(a.has(id) && b.has(id));
      assert.deepEqual(i, intersectionSegments('i', B, A, p));
      const d = differenceSegments('d', A, B, p);
      for (const id of d.eventIds) assert.ok(!b.has(id));
      assert.deepEqual(unionSegments('x', d, i, p).eventIds, [...a]);
      if (i.start !== null) assert.ok(i.start >= Math.max(wa.start, wb.start) && i.end! <= Math.min(wa.end, wb.end));
    }),
  );
});

test('collapse-repeats runs cover every event once, in order', () => {
  fc.assert(
    fc.property(eventsArb, fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }), (raw, within) => {
      const events = sortPartition(raw);
      const runs = collapseRepeats(events, { fields: ['type'], within });
      let next = 0;
      for (const r of runs) {
        assert.equal(r.first, next);
        assert.equal(r.count, r.last - r.first + 1);
        next = r.last + 1;
      }
      assert.equal(next, events.length);
    }),
  );
});

test('pairing: every start and end event is paired once or dangling, never both', () => {
  fc.assert(
    fc.property(eventsArb, (raw) => {
      const events = sortPartition(raw);
      const r = pairEvents(events, { start: typeIs('focus'), end: typeIs('blur'), match: ['session'] });
      const seen = [...r.pairs.flat(), ...r.danglingStarts, ...r.danglingEnds].sort((x, y) => x - y);
      const expected = events.flatMap((e, i) => (e.type === 'focus' || e.type === 'blur' ? [i] : []));
      assert.deepEqual(seen, expected);
    }),
  );
});

test('seeded sampling is invariant to input order', () => {
  fc.assert(
    fc.property(eventsArb, fc.integer(), fc.integer({ min: 0, max: 4 }), (raw, seed, n) => {
      const kept = (list: CanonicalEvent[]) => {
        const sorted = sortPartition(list);
        const mask = sampleMask(sorted, { every: 50, n, seed: 'x' });
        return sorted.filter((_, i) => mask[i]).map((e) => e.id);
      };
      assert.deepEqual(kept(shuffled(raw, seed)), kept(raw));
    }),
  );
});
