import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isMappingFailure } from '../../../src/core/schema/compile-mapping.js';
import { resolveMapping } from '../../../src/core/schema/resolve-mapping.js';
import { useraleEvent } from '../../sources/conformance/reference/naive.js';

// The UserALE preset against the independent reference mapper (test/sources/conformance/reference/naive.ts),
// on random documents with every awkward value a role field can hold.

const text = fc.constantFrom('click', 'u1', 'session_1', '', ' ', '0', 'Ä', 'a b');
const roleValue = fc.oneof(text, fc.integer({ min: -5, max: 5 }), fc.double({ noNaN: false }), fc.boolean(), fc.constant(null), fc.constant([]), fc.constant(['x']), fc.constant({}), fc.constant({ a: 1 }));
const iso = fc
  .tuple(fc.integer({ min: 1990, max: 2040 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.constantFrom('', ':07', ':07.5', ':07.123456'), fc.constantFrom('', 'Z', '+02:00', '-0530', '+01'))
  .map(([y, mo, d, h, mi, s, z]) => `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}${s}${z}`);
const timeValue = fc.oneof(
  fc.integer({ min: 0, max: 2 ** 42 }),
  fc.double({ min: -1e13, max: 1e13 }),
  fc.integer({ min: 0, max: 2 ** 42 }).map(String),
  fc.constantFrom('1709640000123.5', '-12', ' 17 ', '', 'now', '2024-03-05', '2024-03-05 10:20', 'x', '1e3'),
  iso,
  fc.constant(null),
  fc.boolean(),
  fc.constant(Number.NaN),
  fc.constant(Infinity),
);
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const doc = fc
  .record({
    clientTime: maybe(timeValue),
    microTime: maybe(fc.oneof(fc.double({ min: 0, max: 1 }), fc.constant('0.5'), fc.constant(Number.NaN), fc.constant(null))),
    startTime: maybe(timeValue),
    endTime: maybe(timeValue),
    userId: maybe(roleValue),
    sessionId: maybe(roleValue),
    sessionID: maybe(roleValue),
    type: maybe(roleValue),
    target: maybe(roleValue),
    path: maybe(fc.oneof(fc.array(fc.oneof(text, fc.integer(), fc.constant(null), fc.boolean()), { maxLength: 3 }), text, fc.integer(), fc.constant(null))),
    pageUrl: maybe(roleValue),
    logType: maybe(roleValue),
  })
  .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)));

test('the userale preset maps random documents exactly as the reference does', () => {
  const map = resolveMapping('userale').map;
  fc.assert(
    fc.property(doc, (d) => {
      const got = map(d, 'f#1');
      assert.equal(isMappingFailure(got), false);
      assert.deepEqual(got, useraleEvent(d, 'f#1'));
    }),
    { numRuns: 3000, seed: 3 },
  );
});
