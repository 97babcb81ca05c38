import { z } from 'zod';
import type { CanonicalEvent } from '../event.js';
import type { Column, Row } from '../frame.js';
import { fieldGetter, resolveFieldRef } from '../query/field-ref.js';
import { rowAccess } from '../query/compile-predicate.js';
import { ROLE_COLUMN_TYPES } from '../role-columns.js';
import { defineOperator } from '../pipeline/operator.js';
import { mapBatches } from '../stream.js';
import { setOwn } from '../field-path.js';

const ColumnSpec = z.union([
  z.string().min(1).describe('A role, document path or column; the column keeps this name.'),
  z.strictObject({ field: z.string().min(1), as: z.string().min(1).describe('Column name in the output.') }),
]);

/**
 * `project`: choose columns. On events it builds a flat table of the chosen roles and document fields (one row per
 * event, pandas-ready); on tables it selects and renames columns. Streaming; constant memory.
 */
export const projectOperator = defineOperator({
  name: 'project',
  summary: 'Choose columns: events become a flat table of roles and document fields.',
  description:
    'Turns events into a table with one row per event and one column per listed field (roles such as `time`, ' +
    '`user`, `type`, or document paths such as `details.clicks`), or selects and renames the columns of a table. ' +
    'Missing values are null. Streaming; constant memory.',
  params: z.strictObject({ fields: z.array(ColumnSpec).min(1).describe('Columns to keep, in order.') }).superRefine((params, ctx) => {
    // Each output column once: a repeated name would silently overwrite the earlier column.
    const seen = new Set<string>();
    if (!Array.isArray(params.fields)) return; // `fields` itself failed: reported already
    params.fields.forEach((f, i) => {
      if (f === null || (typeof f !== 'string' && typeof f !== 'object')) return;
      const name = typeof f === 'string' ? f : f.as;
      if (seen.has(name)) ctx.addIssue({ code: 'custom', path: ['fields', i], message: `Two columns would be named "${name}"; give one another name with "as".`, params: { code: 'duplicate_column' } });
      seen.add(name);
    });
  }),
  accepts: ['events', 'table'],
  produces: () => 'table',
  fields: (params) => params.fields.map((f) => (typeof f === 'string' ? f : f.field)),
  capabilities: { preservesOrder: false },
  examples: [
    {
      description: 'A click table',
      params: { fields: ['user', 'target', { field: 'details.clicks', as: 'clicks' }] },
      input: undefined,
      output: [
        { user: 'alice', target: 'button#buy', clicks: 1 },
        { user: 'alice', target: 'input#q', clicks: null },
        { user: 'alice', target: 'input#q', clicks: null },
        { user: 'bob', target: 'a#nav', clicks: 1 },
        { user: 'bob', target: 'window', clicks: null },
        { user: 'bob', target: 'input#q', clicks: null },
        { user: 'bob', target: 'button#buy', clicks: 1 },
        { user: 'carol', target: 'select#size', clicks: null },
        { user: 'carol', target: 'button#buy', clicks: 1 },
        { user: 'carol', target: 'form#checkout', clicks: null },
      ],
    },
  ],
  run(input, params) {
    const specs = params.fields.map((f) => (typeof f === 'string' ? { field: f, as: f } : f));
    if (input.kind === 'events') {
      const getters = specs.map((s) => fieldGetter(resolveFieldRef(s.field)));
      const columns: Column[] = specs.map((s) => {
        const ref = resolveFieldRef(s.field);
        return { name: s.as, type: ref.kind === 'role' ? ROLE_COLUMN_TYPES[ref.role] : 'any' };
      });
      return {
        kind: 'table',
        columns,
        batches: mapBatches(input.batches, (e: CanonicalEvent) => {
          const row: Row = {};
          for (let i = 0; i < specs.length; i++) setOwn(row, specs[i]!.as, getters[i]!(e) ?? null);
          return row;
        }),
      };
    }
    if (input.kind !== 'table') return input;
    const byName = new Map(input.columns.map((c) => [c.name, c]));
    const getters = specs.map((s) => rowAccess(s.field).get as (r: Row) => unknown);
    const columns: Column[] = specs.map((s) => ({ ...(byName.get(s.field) ?? { type: 'any' as const }), name: s.as }));
    return {
      kind: 'table',
      columns,
      batches: mapBatches(input.batches, (r: Row) => {
        const row: Row = {};
        for (let i = 0; i < specs.length; i++) setOwn(row, specs[i]!.as, getters[i]!(r) ?? null);
        return row;
      }),
    };
  },
});
