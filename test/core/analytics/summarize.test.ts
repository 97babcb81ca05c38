import { test } from 'node:test';
import assert from 'node:assert/strict';
import { quantileColumn, summarize, summaryRow } from '../../../src/core/analytics/summarize.js';
import { close, reference, type RefSummary } from './reference-fixture.js';

// Tolerance 1e-12 relative: pandas and Distill sum in different orders.
const TOL = 1e-12;
const QS = [0.1, 0.25, 0.5, 0.75, 0.9, 0.99];

function assertSummary(values: number[], ref: RefSummary, label: string): void {
  const s = summarize(values, QS);
  assert.equal(s.count, ref.count, `${label} count`);
  for (const k of ['sum', 'mean', 'median', 'min', 'max', 'range', 'variance_sample', 'variance_population', 'std_sample', 'std_population'] as const) {
    close(s[k], ref[k] as number | null, TOL, `${label} ${k}`);
  }
  close(s.variance_sample, ref.scipy_variance_sample as number | null, TOL, `${label} scipy tvar`);
  assert.deepEqual(s.modes, ref.modes, `${label} modes`);
  for (const q of QS) close(s.quantiles[quantileColumn(q)], ref[`q${q}`] as number, TOL, `${label} quantile ${q}`);
}

test('summary of the fixture values equals pandas (sample and population variance, linear quantiles)', () => {
  assertSummary(reference.events.map((e) => e.value), reference.stats.value_all!, 'value_all');
});

test('mode ties are all listed, ascending, as pandas Series.mode()', () => {
  assertSummary([7.5, 1, 2, 2, 3, 1, 7.5], reference.stats.value_ties!, 'ties');
  assert.deepEqual(summarize([7.5, 1, 2, 2, 3, 1, 7.5]).modes, [1, 2, 7.5]);
});

test('two values and one value: sample variance needs two, population variance is 0 for one', () => {
  assertSummary([10, 4], reference.stats.value_two!, 'two');
  assertSummary([42], reference.stats.value_one!, 'one');
  assert.equal(summarize([42]).variance_sample, null);
  assert.equal(summarize([42]).variance_population, 0);
});

test('an empty list has count 0 and null statistics', () => {
  const s = summarize([], [0.5]);
  assert.deepEqual(summaryRow(s), {
    count: 0, sum: null, mean: null, median: null, modes: [], min: null, max: null, range: null,
    variance_sample: null, variance_population: null, std_sample: null, std_population: null, p50: null,
  });
});

test('quantile column names', () => {
  assert.deepEqual([0.25, 0.5, 0.9, 0.999, 1, 0].map(quantileColumn), ['p25', 'p50', 'p90', 'p99_9', 'p100', 'p0']);
});
