import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DistillError } from '../../../src/core/errors.js';
import type { CanonicalEvent } from '../../../src/core/event.js';
import { parseQuery } from '../../../src/core/query/parse-query.js';
import { resolveMapping } from '../../../src/core/schema/resolve-mapping.js';
import type { Progress, ReadContext } from '../../../src/core/source.js';
import { WarningCollector } from '../../../src/core/warnings.js';
import { compileQueryDsl } from '../../../src/sources/elasticsearch/compile-query-dsl.js';
import { hitConverter } from '../../../src/sources/elasticsearch/hit-converter.js';
import { catalogOf, USERALE_PROPERTIES } from './helpers/catalog.js';

// Search hits (as a page of a search response holds them) to events: mapping, residual, projection, stats,
// warnings and progress.

const userale = resolveMapping('userale');
const loose = catalogOf(USERALE_PROPERTIES, { dynamic: false });

function context(strict = false): ReadContext & { progress: Progress[] } {
  const progress: Progress[] = [];
  return { warnings: new WarningCollector(), stats: { scanned: 0, skipped: 0, matched: 0, pushedDown: [] }, strict, now: 0, onProgress: (p) => progress.push(p), progress };
}
const hits = [
  { _id: 'a', _source: { clientTime: 1000, type: 'click', userId: 'u1', extra: 1 } },
  { _id: 'b', _source: { type: 'load', userId: 'u2', extra: 2 } },
  { _id: 'c', _source: { clientTime: 2000, type: 'click', userId: 'u2', extra: 3 } },
  { _id: 'd' },
];

describe('hitConverter', () => {
  test('every hit mapped; untimed ones warned about when asked; progress after the page', () => {
    const query = parseQuery({});
    const ctx = context();
    const out: CanonicalEvent[] = [];
    hitConverter({ mapping: userale }, query, compileQueryDsl(query, { mapping: userale.mapping, catalog: loose, now: 0 }), ctx, () => 40, true)(hits, out);
    assert.deepEqual(out.map((e) => [e.id, e.time, e.type, e.user]), [['a', 1000, 'click', 'u1'], ['b', undefined, 'load', 'u2'], ['c', 2000, 'click', 'u2'], ['d', undefined, undefined, undefined]]);
    assert.deepEqual(out[3]!.doc, {});
    assert.deepEqual(ctx.stats, { scanned: 4, skipped: 0, matched: 4, pushedDown: [] });
    assert.deepEqual(ctx.warnings.toArray(), [{ code: 'missing_time', message: 'Events with no usable time (clientTime, startTime) were kept without one: they count, time ranges exclude them, sorting by time puts them last.', count: 2 }]);
    assert.deepEqual(ctx.progress, [{ done: 4, total: 40, unit: 'documents' }]);
  });

  test('the residual re-checks each event; the projection keeps the listed fields; untimed not warned when counted elsewhere', () => {
    const query = parseQuery({ where: { field: 'extra', op: 'gte', value: 2 }, fields: ['type', 'doc.extra'] });
    const compiled = compileQueryDsl(query, { mapping: userale.mapping, catalog: loose, now: 0 });
    assert.notEqual(compiled.residual, undefined);
    const ctx = context();
    const out: CanonicalEvent[] = [];
    const convert = hitConverter({ mapping: userale }, query, compiled, ctx, () => 0, false);
    convert(hits.slice(0, 3), out);
    assert.deepEqual(out.map((e) => [e.id, e.type, e.user, e.doc]), [['b', 'load', 'u2', { extra: 2 }], ['c', 'click', 'u2', { extra: 3 }]]);
    assert.deepEqual(ctx.stats, { scanned: 3, skipped: 0, matched: 2, pushedDown: [] });
    assert.deepEqual(ctx.warnings.toArray(), []);
    convert([hits[3]!], out);
    assert.deepEqual(ctx.progress, [{ done: 3, total: 0, unit: 'documents' }, { done: 4, total: 0, unit: 'documents' }]);
  });

  test('unmappable documents are skipped with their failure code, or refused when strict', () => {
    const required = resolveMapping('m', { m: { time: ['clientTime'], requireTime: true, type: 'type' } });
    const query = parseQuery({});
    const compiled = compileQueryDsl(query, { mapping: required.mapping, catalog: loose, now: 0 });
    const ctx = context();
    const out: CanonicalEvent[] = [];
    hitConverter({ mapping: required }, query, compiled, ctx, () => 0, true)(hits, out);
    assert.deepEqual(out.map((e) => e.id), ['a', 'c']);
    assert.deepEqual(ctx.stats, { scanned: 4, skipped: 2, matched: 2, pushedDown: [] });
    assert.deepEqual(ctx.warnings.toArray(), [{ code: 'missing_time', message: 'Documents that cannot be mapped (missing_time) were skipped.', count: 2 }]);
    const strict = context(true);
    assert.throws(
      () => hitConverter({ mapping: required }, query, compiled, strict, () => 0, true)(hits, []),
      (e: unknown) => e instanceof DistillError && e.code === 'malformed_input' && e.message === 'Document b cannot be mapped (missing_time).' && (e.details as { id?: string }).id === 'b',
    );
    assert.deepEqual(strict.stats, { scanned: 2, skipped: 1, matched: 1, pushedDown: [] });
  });
});
