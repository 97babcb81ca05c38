import fc from 'fast-check';
import type { Condition, FieldCondition } from '../../src/core/query/query-schema.js';
import type { CanonicalEvent } from '../../src/core/event.js';

/** Fields random conditions use: roles, document paths that exist in some events, and ones that never exist. */
export const FIELDS = ['type', 'user', 'session', 'target', 'path', 'kind', 'details.clicks', 'details.value', 'n', 'tags', 'nope.never'] as const;

const timeValue = fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constant(null));

const scalar = fc.oneof(
  fc.constantFrom('click', 'focus', 'alice', 'bob', 'body', 'div', '5', 'true', ''),
  fc.integer({ min: -3, max: 12 }),
  fc.boolean(),
  fc.constant(null),
);

/** A random field condition, valid per the query schema. */
export const fieldCondition: fc.Arbitrary<FieldCondition> = fc.oneof(
  fc.record({ field: fc.constantFrom(...FIELDS), op: fc.constantFrom('eq' as const, 'ne' as const), value: scalar }),
  fc.record({ field: fc.constantFrom(...FIELDS), op: fc.constantFrom('in' as const, 'nin' as const), value: fc.array(scalar, { maxLength: 4 }) }),
  fc.record({ field: fc.constant('time'), op: fc.constantFrom('eq' as const, 'ne' as const), value: timeValue }),
  fc.record({ field: fc.constant('time'), op: fc.constantFrom('in' as const, 'nin' as const), value: fc.array(timeValue, { maxLength: 3 }) }),
  fc.record({
    field: fc.constantFrom(...FIELDS),
    op: fc.constantFrom('gt' as const, 'gte' as const, 'lt' as const, 'lte' as const),
    value: fc.oneof(fc.integer({ min: -3, max: 12 }), fc.constantFrom('a', 'bob', 'm', '5')),
  }),
  fc.record({ field: fc.constant('time'), op: fc.constantFrom('gt' as const, 'gte' as const, 'lt' as const, 'lte' as const), value: fc.integer({ min: 0, max: 20 }) }),
  fc.record({ field: fc.constantFrom(...FIELDS, 'time'), op: fc.constant('exists' as const), value: fc.boolean() }),
  fc.record({ field: fc.constantFrom(...FIELDS), op: fc.constantFrom('prefix' as const, 'contains' as const), value: fc.constantFrom('c', 'b', 'li', 'o', '') }),
);

/** Random condition trees (all/any/not, a few levels deep) over the given field conditions. */
export function conditionTree(leaf: fc.Arbitrary<FieldCondition>): fc.Arbitrary<Condition> {
  return fc.letrec<{ node: Condition }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.record({ all: fc.array(tie('node'), { maxLength: 3 }) }),
      fc.record({ any: fc.array(tie('node'), { maxLength: 3 }) }),
      fc.record({ not: tie('node') }),
    ),
  })).node;
}

/** A random condition tree up to a few levels deep. */
export const condition: fc.Arbitrary<Condition> = conditionTree(fieldCondition);

const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined });

/** Random canonical events with the awkward values real data has: arrays, nulls, empty strings, mixed types. */
export const event: fc.Arbitrary<CanonicalEvent> = fc
  .record({
    n: fc.integer({ min: 0, max: 1_000_000 }),
    time: maybe(fc.integer({ min: 0, max: 20 })),
    user: maybe(fc.constantFrom('alice', 'bob', 'carol')),
    session: maybe(fc.constantFrom('s1', 's2')),
    type: maybe(fc.constantFrom('click', 'focus', 'blur', 'input')),
    target: maybe(fc.constantFrom('button#a.btn primary', 'div', 'body')),
    path: maybe(fc.array(fc.constantFrom('div', 'body', 'button'), { minLength: 1, maxLength: 3 })),
    kind: maybe(fc.constantFrom('raw', 'custom', 'interval')),
    clicks: fc.oneof(fc.integer({ min: 0, max: 4 }), fc.constant(null), fc.constant(undefined), fc.constant('2')),
    value: fc.oneof(fc.constantFrom('5', 'abc', ''), fc.integer({ min: 0, max: 9 }), fc.constant(undefined)),
    docN: fc.oneof(fc.integer({ min: -2, max: 12 }), fc.constantFrom('5', 'x'), fc.constant(null), fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 2 })),
    tags: fc.oneof(fc.constant([]), fc.array(fc.constantFrom('a', 'b'), { maxLength: 2 }), fc.constant(undefined)),
  })
  .map((r) => ({
    id: `e${r.n}`,
    time: r.time,
    user: r.user,
    session: r.session,
    type: r.type,
    target: r.target,
    path: r.path,
    kind: r.kind,
    doc: { details: r.clicks === undefined && r.value === undefined ? null : { clicks: r.clicks, value: r.value }, n: r.docN, tags: r.tags },
  }));
