import type { RunHandle } from '../pipeline/run-pipeline.js';
import type { OutputFormat } from '../pipeline/pipeline-schema.js';
import type { Column } from '../frame.js';
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

async function* writeJson(handle: RunHandle): AsyncGenerator<string> {
  yield `{"distill":${JSON.stringify(handle.distill)},"request":${JSON.stringify(handle.request)},"source":${JSON.stringify(handle.source)},"result":`;
  const frame = handle.result;
  let count = 0;
  if (frame.kind === 'events') {
    yield '{"kind":"events","events":[';
    for await (const batch of frame.batches) {
      if (batch.length === 0) continue;
      yield (count === 0 ? '\n' : ',\n') + batch.map((e) => JSON.stringify(e)).join(',\n');
      count += batch.length;
    }
  } else {
    yield `{"kind":"table","columns":${JSON.stringify(frame.columns)},"rows":[`;
    for await (const batch of frame.rows) {
      if (batch.length === 0) continue;
      yield (count === 0 ? '\n' : ',\n') + batch.map((r) => JSON.stringify(r)).join(',\n');
      count += batch.length;
    }
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
  yield `${columns.map((c) => csvCell(c.name)).join(',')}\n`;
  if (frame.kind === 'events') {
    for await (const batch of frame.batches) {
      let chunk = '';
      for (const event of batch) {
        const row = eventToRow(event, columns);
        chunk += `${columns.map((c) => csvCell(row[c.name])).join(',')}\n`;
      }
      if (chunk !== '') yield chunk;
    }
    return;
  }
  for await (const batch of frame.rows) {
    let chunk = '';
    for (const row of batch) chunk += `${columns.map((c) => csvCell(row[c.name])).join(',')}\n`;
    if (chunk !== '') yield chunk;
  }
}
