import type { RunHandle } from '../pipeline/run-pipeline.js';
import type { OutputFormat } from '../pipeline/pipeline-schema.js';
import type { Column, Row } from '../frame.js';
import type { CanonicalEvent } from '../event.js';
import { csvCell } from './csv-cell.js';
import { eventColumns, eventToRow } from './records.js';

/**
 * Serialise a run as text chunks, streaming: nothing is held beyond one batch.
 * - `json`: the envelope `{ distill, request, source, result, stats, warnings }` (result first, then the stats that
 *   describe it); events under `result.events`, table rows under `result.rows`, `result.count` after them.
 * - `ndjson`: one record per line (an event or a row), nothing else; read with `pandas.read_json(..., lines=True)`.
 * - `csv`: a header line of column names, then one line per record (events: every role, then the document fields
 *   the query projected).
 * Stats and warnings for ndjson and csv come from `handle.finish()` after the stream ends.
 */
export function writeOutput(handle: RunHandle, format: OutputFormat): AsyncGenerator<string> {
  switch (format) {
    case 'json':
      return writeJson(handle);
    case 'ndjson':
      return writeNdjson(handle);
    case 'csv':
      return writeCsv(handle);
  }
}

/**
 * Pull the first batch before anything is written, so a run that fails at once (missing file, strict-mode error
 * on the first lines, unreachable cluster) produces no partial output, only the error.
 */
async function* primed<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = await iterator.next();
      if (next.done === true) return;
      yield next.value;
    }
  } finally {
    await iterator.return?.();
  }
}

async function firstThen<T>(source: AsyncIterable<T>): Promise<{ first: IteratorResult<T>; rest: AsyncGenerator<T> }> {
  const rest = primed(source);
  const first = await rest.next();
  return { first, rest };
}

async function* writeJson(handle: RunHandle): AsyncGenerator<string> {
  const frame = handle.result;
  const { first, rest } = await firstThen<readonly unknown[]>(frame.kind === 'events' ? frame.batches : frame.rows);
  yield `{"distill":${JSON.stringify(handle.distill)},"request":${JSON.stringify(handle.request)},"source":${JSON.stringify(handle.source)},"result":`;
  yield frame.kind === 'events' ? '{"kind":"events","events":[' : `{"kind":"table","columns":${JSON.stringify(frame.columns)},"rows":[`;
  let count = 0;
  let next = first;
  while (next.done !== true) {
    const batch = next.value;
    if (batch.length > 0) {
      yield (count === 0 ? '\n' : ',\n') + batch.map((r) => JSON.stringify(r)).join(',\n');
      count += batch.length;
    }
    next = await rest.next();
  }
  const { stats, warnings } = handle.finish();
  yield `\n],"count":${count}},"stats":${JSON.stringify(stats)},"warnings":${JSON.stringify(warnings)}}\n`;
}

async function* writeNdjson(handle: RunHandle): AsyncGenerator<string> {
  const frame = handle.result;
  const source: AsyncIterable<readonly unknown[]> = frame.kind === 'events' ? frame.batches : frame.rows;
  for await (const batch of source) {
    if (batch.length === 0) continue;
    let chunk = '';
    for (const record of batch) chunk += `${JSON.stringify(record)}\n`;
    yield chunk;
  }
}

async function* writeCsv(handle: RunHandle): AsyncGenerator<string> {
  const frame = handle.result;
  const columns: readonly Column[] = frame.kind === 'events' ? eventColumns(handle.request.query.fields) : frame.columns;
  const { first, rest } = await firstThen<readonly unknown[]>(frame.kind === 'events' ? frame.batches : frame.rows);
  const all = (async function* () {
    if (first.done !== true) yield first.value;
    yield* rest;
  })();
  yield `${columns.map((c) => csvCell(c.name)).join(',')}\n`;
  if (frame.kind === 'events') {
    for await (const batch of all as AsyncIterable<readonly CanonicalEvent[]>) {
      let chunk = '';
      for (const event of batch) {
        const row = eventToRow(event, columns);
        chunk += `${columns.map((c) => csvCell(row[c.name])).join(',')}\n`;
      }
      if (chunk !== '') yield chunk;
    }
    return;
  }
  for await (const batch of all as AsyncIterable<readonly Row[]>) {
    let chunk = '';
    for (const row of batch) chunk += `${columns.map((c) => csvCell(row[c.name])).join(',')}\n`;
    if (chunk !== '') yield chunk;
  }
}
