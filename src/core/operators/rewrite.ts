import { z } from 'zod';
import type { CanonicalEvent } from '../event.js';
import { isRole } from '../event.js';
import { InvalidPipelineError, type Issue } from '../errors.js';
import { defineOperator } from '../pipeline/operator.js';
import { compileRules, namedGroups, rewriteEvent, ruleOutputs, type RewriteRule } from '../sequence/rewrite.js';
import { derive, eventsFrame } from './sequence-frames.js';
import { mapBatches } from '../stream.js';

const AttrName = z.string().regex(/^[A-Za-z_][\w]*$/, 'An attribute name: a letter or _, then letters, digits or _.');

const UrlRule = z.strictObject({
  op: z.literal('url'),
  field: z.string().min(1).default('page'),
  as: AttrName.default('route'),
  query: z.union([z.enum(['drop', 'keep']), z.array(z.string())]).default('drop').describe('Drop the query string, keep it (sorted), or keep only the listed parameters.'),
  fragment: z.enum(['drop', 'keep']).default('drop'),
  ids: z.boolean().default(true).describe('Replace id-like path segments (numbers, UUIDs, hex, long tokens) with :id.'),
});
const MapRule = z.strictObject({
  op: z.literal('map'),
  field: z.string().min(1),
  as: AttrName,
  map: z.record(z.string(), z.unknown()).describe('Exact value → label.'),
  otherwise: z.enum(['keep', 'null']).default('keep'),
});
const RegexRule = z.strictObject({
  op: z.literal('regex'),
  field: z.string().min(1),
  pattern: z.string().min(1).describe('JavaScript regular expression; named groups (?<name>…) become attributes.'),
  flags: z.string().regex(/^[gimsuy]*$/).default(''),
  as: AttrName.optional(),
  replace: z.string().optional().describe('With `as`: the attribute receives value.replace(pattern, replace) ($1, $<name>).'),
});

export const RewriteParams = z.strictObject({
  rules: z.array(z.discriminatedUnion('op', [UrlRule, MapRule, RegexRule])).min(1).describe('Applied in order; a rule may read an earlier rule’s attribute.'),
});
export type RewriteParams = z.output<typeof RewriteParams>;

/** Normalise rule params: compile patterns, check names (no role names, named groups valid). */
export function normalizeRules(params: RewriteParams): RewriteRule[] {
  const issues: Issue[] = [];
  const rules = params.rules.map((r, i): RewriteRule => {
    if (r.op !== 'regex') {
      if (isRole(r.as)) issues.push({ code: 'role_name', path: ['rules', i, 'as'], message: `${r.as} is a role name; choose another attribute name.` });
      return { ...r };
    }
    let pattern: RegExp;
    try {
      pattern = new RegExp(r.pattern, r.flags);
    } catch (error) {
      issues.push({ code: 'invalid_regex', path: ['rules', i, 'pattern'], message: (error as Error).message });
      pattern = /(?:)/;
    }
    if ((r.as === undefined) !== (r.replace === undefined)) {
      issues.push({ code: 'replace_needs_as', path: ['rules', i, r.as === undefined ? 'as' : 'replace'], message: '`as` and `replace` go together.' });
    }
    if (r.as === undefined && namedGroups(pattern).length === 0) {
      issues.push({ code: 'no_output', path: ['rules', i, 'pattern'], message: 'The rule writes nothing: add named groups (?<name>…) or `as` with `replace`.' });
    }
    for (const name of [...namedGroups(pattern), ...(r.as === undefined ? [] : [r.as])]) {
      if (isRole(name)) issues.push({ code: 'role_name', path: ['rules', i], message: `${name} is a role name; choose another attribute name.` });
    }
    return { op: 'regex', field: r.field, as: r.as, pattern, replace: r.replace };
  });
  if (issues.length > 0) throw new InvalidPipelineError(`Invalid rewrite rules: ${issues.map((x) => x.message).join(' ')}`, { issues });
  return rules;
}

/**
 * `rewrite`: replace or normalise values by rule, as derived attributes. Cost: O(rules) per event, streaming.
 */
export const rewriteOperator = defineOperator({
  name: 'rewrite',
  summary: 'Normalise URLs, map values to labels and extract regex captures as derived attributes (the source is never touched).',
  description:
    'Applies `rules` in order to every event and writes the results as derived attributes usable by later steps (the document and ' +
    'roles stay as they are). `url`: host lower-cased, default port dropped, query and fragment dropped or kept (listed parameters, ' +
    'sorted), id-like path segments (numbers, UUIDs, hex with a digit, 16+ character tokens mixing letters and digits) replaced by ' +
    '`:id`, trailing slash removed; a value that is not an absolute URL is kept as it is. `map`: exact lookup of the value’s text ' +
    '(no substring or prefix matching), otherwise keep or null. `regex`: named capture groups become attributes (null when no match); ' +
    'with `as` + `replace`, `as` receives the replaced text. Missing values give null. Attribute names may not be role names. ' +
    'Streaming; O(rules) per event.',
  params: RewriteParams,
  accepts: ['events'],
  produces: () => 'events',
  examples: [
    { description: 'Page routes without query strings and ids (attribute `route`)', params: { rules: [{ op: 'url' }] }, output: ['ex#1', 'ex#2', 'ex#3', 'ex#4', 'ex#5', 'ex#6', 'ex#7', 'ex#8', 'ex#9', 'ex#10'] },
    {
      description: 'Label targets and take the section from the route',
      params: {
        rules: [
          { op: 'url', field: 'page', as: 'route' },
          { op: 'map', field: 'target', as: 'control', map: { 'button#buy': 'Buy' }, otherwise: 'keep' },
          { op: 'regex', field: 'route', pattern: '^https?://[^/]+/(?<section>[a-z]+)' },
        ],
      },
      output: ['ex#1', 'ex#2', 'ex#3', 'ex#4', 'ex#5', 'ex#6', 'ex#7', 'ex#8', 'ex#9', 'ex#10'],
    },
  ],
  fields: (params) => params.rules.map((r) => r.field),
  derives: (params) => normalizeRules(params).flatMap(ruleOutputs),
  capabilities: { preservesOrder: true },
  run(input, params) {
    const rules = compileRules(normalizeRules(params));
    const upstream = input.kind === 'events' ? input.batches : (async function* () {})();
    return eventsFrame(mapBatches(upstream, (e): CanonicalEvent => derive(e, rewriteEvent(e, rules))));
  },
});
