import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CanonicalEvent } from '../../../src/core/event.js';
import { InvalidPipelineError, type Issue } from '../../../src/core/errors.js';
import { normalizeRules, RewriteParams, rewriteOperator } from '../../../src/core/operators/rewrite.js';
import { ev } from '../../helpers/events.js';
import { docSections } from './operator-doc-section.js';
import { orderSeenAfter } from './partition-order-probe.js';
import { rowsOf, runOp } from './run-op.js';

const events = [
  ev('1', 1, { user: 'a', type: 'click', target: 'button#buy', page: 'https://Shop.Example:443/p/42/?b=2&a=1#top' }, { n: 1 }),
  ev('2', 2, { user: 'b', type: 'focus', target: 'input#q', page: 'not a url' }),
  ev('3', 3, { user: 'a', type: 'click', target: 'a#nav', attrs: { old: true } }),
];

const rules = [
  { op: 'url' },
  { op: 'map', field: 'target', as: 'control', map: { 'button#buy': 'Buy' }, otherwise: 'null' },
  { op: 'regex', field: 'route', pattern: '^https?://[^/]+/(?<section>[a-z]+)' },
  { op: 'regex', field: 'type', pattern: '^(c)lick$', as: 'initial', replace: '$1' },
];

test('rules in order write derived attributes (merged over existing ones); document and roles stay, events in input order', async () => {
  const out = (await rowsOf(runOp('rewrite', { rules }, events))) as CanonicalEvent[];
  assert.deepEqual(
    out.map((e) => [e.id, e.attrs]),
    [
      ['1', { route: 'https://shop.example/p/:id', control: 'Buy', section: 'p', initial: 'c' }],
      // not an absolute URL: kept as it is; no regex match: the group is null, the replaced text the original
      ['2', { route: 'not a url', control: null, section: null, initial: 'focus' }],
      // no page: null all along the chain; the event's own attribute stays
      ['3', { old: true, route: null, control: null, section: null, initial: 'c' }],
    ],
  );
  for (const [i, e] of out.entries()) {
    const source = events[i]!;
    assert.deepEqual([e.time, e.user, e.session, e.type, e.target, e.page, e.doc], [source.time, source.user, source.session, source.type, source.target, source.page, source.doc]);
  }
  assert.deepEqual(events[2]!.attrs, { old: true }); // the input event is not changed
});

test('params: url rule defaults; an attribute name that is no identifier is refused with its message', () => {
  assert.deepEqual(RewriteParams.parse({ rules: [{ op: 'url' }] }), { rules: [{ op: 'url', field: 'page', as: 'route', query: 'drop', fragment: 'drop', ids: true }] });
  const r = RewriteParams.safeParse({ rules: [{ op: 'map', field: 'type', as: '1x', map: {} }] });
  assert.deepEqual(r.success ? r.data : r.error.issues, [
    {
      origin: 'string',
      code: 'invalid_format',
      format: 'regex',
      pattern: '/^[A-Za-z_][\\w]*$/',
      path: ['rules', 0, 'as'],
      message: 'An attribute name: a letter or _, then letters, digits or _.',
    },
  ]);
});

/** The issues of normalizeRules' InvalidPipelineError, after checking its code and message. */
function rejected(params: unknown, message: string): readonly Issue[] {
  let issues: readonly Issue[] = [];
  assert.throws(
    () => normalizeRules(RewriteParams.parse(params)),
    (error: unknown) => {
      assert.ok(error instanceof InvalidPipelineError);
      assert.equal(error.code, 'invalid_pipeline');
      assert.equal(error.message, message);
      issues = error.issues;
      return true;
    },
  );
  return issues;
}

test('normalizeRules: url and map rules copied, regex compiled with its flags, as and replace carried', () => {
  const params = RewriteParams.parse({
    rules: [
      { op: 'url', as: 'r' },
      { op: 'map', field: 'type', as: 'm', map: { click: 'C' } },
      { op: 'regex', field: 'r', pattern: '(?<a>x)', flags: 'i' },
      { op: 'regex', field: 'r', pattern: 'x', as: 'y', replace: 'z' },
    ],
  });
  const normal = normalizeRules(params);
  assert.deepEqual(normal, [
    { op: 'url', field: 'page', as: 'r', query: 'drop', fragment: 'drop', ids: true },
    { op: 'map', field: 'type', as: 'm', map: { click: 'C' }, otherwise: 'keep' },
    { op: 'regex', field: 'r', as: undefined, pattern: /(?<a>x)/i, replace: undefined },
    { op: 'regex', field: 'r', as: 'y', pattern: /x/, replace: 'z' },
  ]);
  assert.notEqual(normal[0], params.rules[0]); // copies: the parsed params are not shared
  assert.deepEqual(rewriteOperator.derives!(params), ['r', 'm', 'a', 'y']);
});

test('normalizeRules: role names refused for url, map and regex outputs (as and named groups), each at its path', () => {
  const message = (name: string) => `${name} is a role name; choose another attribute name.`;
  assert.deepEqual(
    rejected(
      {
        rules: [
          { op: 'url', as: 'page' },
          { op: 'map', field: 'type', as: 'user', map: {} },
          { op: 'regex', field: 'type', pattern: '(?<session>.)(?<ok>.)(?<kind>.)' },
          { op: 'regex', field: 'type', pattern: '(?<fine>x)', as: 'target', replace: 'y' },
        ],
      },
      `Invalid rewrite rules: ${['page', 'user', 'session', 'kind', 'target'].map(message).join(' ')}`,
    ),
    [
      { code: 'role_name', path: ['rules', 0, 'as'], message: message('page') },
      { code: 'role_name', path: ['rules', 1, 'as'], message: message('user') },
      { code: 'role_name', path: ['rules', 2], message: message('session') },
      { code: 'role_name', path: ['rules', 2], message: message('kind') },
      { code: 'role_name', path: ['rules', 3], message: message('target') },
    ],
  );
});

test('normalizeRules: invalid pattern, as without replace and the reverse, a rule writing nothing', () => {
  const unterminated = 'Invalid regular expression: /(/: Unterminated group';
  const together = '`as` and `replace` go together.';
  const nothing = 'The rule writes nothing: add named groups (?<name>…) or `as` with `replace`.';
  assert.deepEqual(
    rejected(
      {
        rules: [
          { op: 'regex', field: 'type', pattern: '(' },
          { op: 'regex', field: 'type', pattern: '(?<g>x)', as: 'a' },
          { op: 'regex', field: 'type', pattern: '(?<g>x)', replace: 'b' },
          { op: 'regex', field: 'type', pattern: 'x', replace: 'b' },
        ],
      },
      `Invalid rewrite rules: ${[unterminated, nothing, together, together, together, nothing].join(' ')}`,
    ),
    [
      // the invalid pattern is replaced by an empty one, which has no named group
      { code: 'invalid_regex', path: ['rules', 0, 'pattern'], message: unterminated },
      { code: 'no_output', path: ['rules', 0, 'pattern'], message: nothing },
      { code: 'replace_needs_as', path: ['rules', 1, 'replace'], message: together },
      { code: 'replace_needs_as', path: ['rules', 2, 'as'], message: together },
      { code: 'replace_needs_as', path: ['rules', 3, 'as'], message: together },
      { code: 'no_output', path: ['rules', 3, 'pattern'], message: nothing },
    ],
  );
});

test('run: invalid rules throw before any event is read', () => {
  assert.throws(() => runOp('rewrite', { rules: [{ op: 'map', field: 'type', as: 'type', map: {} }] }, events), {
    code: 'invalid_pipeline',
    message: 'Invalid rewrite rules: type is a role name; choose another attribute name.',
  });
});

test('fields: the fields the rules read, in rule order', () => {
  assert.deepEqual(rewriteOperator.fields!(RewriteParams.parse({ rules })), ['page', 'target', 'route', 'type']);
});

test('rewrite keeps the partition order of its input: the next partitioned step is not sorted again', async () => {
  assert.deepEqual(await orderSeenAfter({ op: 'rewrite', rules: [{ op: 'url' }] }, events), [
    ['1', '3', '2'], // by user (a, b), then time
    ['2', '3', '1'], // reversed, not sorted again
  ]);
});

test('docs/operators.md documents rewrite as defined (summary, description, kinds, params, examples)', () => {
  const { committed, rendered } = docSections(rewriteOperator);
  assert.equal(rendered, committed);
});
