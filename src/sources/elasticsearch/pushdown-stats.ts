import { summarize, summaryRow } from '../../core/analytics/summarize.js';
import type { Frame, Row, TableFrame } from '../../core/frame.js';
import { CountByParams } from '../../core/operators/count-by.js';
import { partitionFields } from '../../core/operators/analytics-params.js';
import type { StatsParams } from '../../core/operators/stats.js';

/**
 * The `stats` steps Elasticsearch can answer from per-partition counts: `measure: "events"` with no `where` and no
 * `unit` and no `interval`, at `level: "value"` or `"between"`. Each partition's value is then exactly its number of events — the
 * count-by of the partition fields (missing values as a null key, as partitions group them) — so the composite
 * aggregation of `count-by` (itself pushed down only when exact, else run in memory with a `pushdown_fallback`
 * warning) gives the per-partition counts and the between-partition summary is computed from them, identical to
 * the in-memory result. Anything else returns `undefined`: the step runs in memory over the partition-ordered read.
 */
export function statsAsCountBy(params: StatsParams): CountByParams | undefined {
  if (params.measure !== 'events' || params.where !== undefined || params.unit !== undefined || params.interval !== undefined || params.level === 'partition') return undefined;
  return CountByParams.parse({ by: partitionFields(params.partition), sort: 'key', missing: 'include' });
}

/**
 * Turn the count-by table of `statsAsCountBy` into the `stats` result: one `value` row per partition (partition
 * key order, as the in-memory operator emits them) or one between-partition summary row. `columns` are the stats
 * operator's own. Cost: O(partitions).
 */
export function statsFromCounts(counts: Frame, params: StatsParams, columns: TableFrame['columns']): TableFrame {
  const by = partitionFields(params.partition);
  return {
    kind: 'table',
    columns,
    batches: (async function* () {
      if (counts.kind !== 'table') throw new Error('unreachable: count-by produces a table');
      if (params.level === 'between') {
        const values: number[] = [];
        for await (const batch of counts.batches) for (const row of batch) values.push(row.count as number);
        yield [summaryRow(summarize(values, params.quantiles))];
        return;
      }
      for await (const batch of counts.batches) {
        yield batch.map((row): Row => {
          const out: Row = {};
          for (const f of by) out[f] = row[f] ?? null;
          out.value = row.count;
          return out;
        });
      }
    })(),
  };
}
