import { DistillError } from '../errors.js';
import { formatRefusal, kindSpec, type RecordOptions } from '../frame-kinds.js';
import type { Frame } from '../frame.js';
import type { RunHandle } from '../pipeline/run-pipeline.js';
import type { OutputFormat } from '../pipeline/pipeline-schema.js';
import { csvCell } from './csv-cell.js';

/**
 * Serialise a run as text chunks, streaming: nothing is held beyond one batch (multi-output JSON holds each
 * output's result, computed concurrently from the one read). What each format writes comes from the result kind's
 * entry in `FRAME_KIND_SPECS`:
 * - `json`: the envelope `{ distill, request, source, result | results, stats, warnings }` (results first, then the
 *   stats that describe them).
 * - `ndjson`: one record per line (an event, a row, a graph edge or node), nothing else — `pandas.read_json(...,
 *   lines=True)`.
 * - `csv`: a header of column names, then one line per record.
 * - `gexf`, `graphml`, `dot`: graph files.
 * A multi-output run is written as JSON, or one output at a time (`output`). Stats and warnings for the formats
 * without an envelope come from `handle.finish()` after the stream ends.
 *
 * @throws DistillError (`invalid_argument`) when a multi-output run is asked for a record format without an output
 *   name, or a kind for a format it cannot be written as.
 */
export function writeOutput(handle: RunHandle, format: OutputFormat, output?: string): AsyncGenerator<string> {
  if (handle.multi && output === undefined) {
    if (format !== 'json') {
      throw new DistillError('invalid_argument', `This pipeline has several outputs (${Object.keys(handle.outputs).join(', ')}): ${format} writes one of them — name it (--output / ?output=), or use json.`, {
        issues: [{ code: 'output_required', path: ['output'], message: `One of ${Object.keys(handle.outputs).join(', ')}.` }],
      });
    }
    return writeMultiJson(handle);
  }
  const name = output ?? (handle.multi ? undefined : 'result');
  const frame = name === undefined ? undefined : handle.outputs[name];
  if (frame === undefined) {
    throw new DistillError('invalid_argument', `No output named "${String(output)}". Outputs: ${Object.keys(handle.outputs).join(', ')}.`, {
      issues: [{ code: 'unknown_output', path: ['output'], message: `One of ${Object.keys(handle.outputs).join(', ')}.` }],
    });
  }
  const spec = kindSpec(frame.kind);
  if (!spec.formats.includes(format)) {
    throw new DistillError('invalid_argument', formatRefusal(frame.kind, format), {
      issues: [{ code: 'invalid_value', path: ['format'], message: `One of ${spec.formats.join(', ')}.` }],
    });
  }
  const options = handle.recordOptions(name);
  switch (format) {
    case 'json':
      return writeJson(handle, frame);
    case 'ndjson':
      return writeNdjson(frame, options);
    case 'csv':
      return writeCsv(frame, options);
    default:
      return primedChunks(spec.files![format]!(frame));
  }
}

/**
 * Pull the first item before anything is written, so a run that fails at once (missing file, strict-mode error on
 * the first lines, unreachable cluster) produces no partial output, only the error. `overBatches` closes `rest` in a
 * `finally`, so a consumer that stops early (`return()` on the writer, `break` out of `for await`) closes the
 * source's iterator even when it stops before the writer got to `rest`: an async generator that never started
 * would skip its own `finally`, leaving the source open.
 */
async function firstThen<T>(source: AsyncIterable<T>): Promise<{ first: IteratorResult<T>; rest: Rest<T> }> {
  const iterator = source[Symbol.asyncIterator]();
  const first = await iterator.next();
  return { first, rest: new Rest(iterator) };
}

/** The rest of an iterator: `return()` closes the iterator once, whether or not `next()` was ever called. */
class Rest<T> implements AsyncIterableIterator<T> {
  #closed = false;
  constructor(private readonly iterator: AsyncIterator<T>) {}

  next(): Promise<IteratorResult<T>> {
    return this.#closed ? Promise.resolve({ done: true, value: undefined }) : this.iterator.next();
  }

  async return(): Promise<IteratorResult<T>> {
    if (!this.#closed) {
      this.#closed = true;
      await this.iterator.return?.();
    }
    return { done: true, value: undefined };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

/** Graph files: the graph is built whole before the writer's first chunk, so the source is closed by then. */
async function* primedChunks(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  const { first, rest } = await firstThen(chunks);
  for (let next = first; next.done !== true; next = await rest.next()) yield next.value;
}

function head(handle: RunHandle): string {
  return `{"distill":${JSON.stringify(handle.distill)},"request":${JSON.stringify(handle.request)},"source":${JSON.stringify(handle.source)}`;
}

function tail(handle: RunHandle): string {
  const { stats, warnings } = handle.finish();
  return `,"stats":${JSON.stringify(stats)},"warnings":${JSON.stringify(warnings)}}\n`;
}

/**
 * Write a frame's batches through `write`, given the first batch (already read) and the rest; the rest is closed
 * when writing ends, however it ends — also when the consumer stops before `write` reached it.
 */
async function* overBatches(
  frame: Frame,
  write: (first: IteratorResult<readonly unknown[]>, rest: Rest<readonly unknown[]>) => AsyncGenerator<string>,
): AsyncGenerator<string> {
  const { first, rest } = await firstThen<readonly unknown[]>(frame.batches as AsyncIterable<readonly unknown[]>);
  try {
    yield* write(first, rest);
  } finally {
    await rest.return();
  }
}

function writeJson(handle: RunHandle, frame: Frame): AsyncGenerator<string> {
  return overBatches(frame, async function* (first, rest) {
    yield `${head(handle)},"result":`;
    yield* kindSpec(frame.kind).json(first, rest, frame);
    yield tail(handle);
  });
}

async function* writeMultiJson(handle: RunHandle): AsyncGenerator<string> {
  const names = Object.keys(handle.outputs);
  // Every output consumes its branch concurrently, so the shared read happens once with a small buffer.
  const results = await Promise.all(names.map((n) => kindSpec(handle.outputs[n]!.kind).collect(handle.outputs[n]!)));
  yield `${head(handle)},"results":{`;
  for (let i = 0; i < names.length; i++) {
    const result = results[i]!;
    const spec = kindSpec(result.kind);
    const replay = spec.replay(result as never);
    // Replays of results already collected (the read is over): nothing to close when the consumer stops.
    const { first, rest } = await firstThen<readonly unknown[]>(replay.batches as AsyncIterable<readonly unknown[]>);
    yield `${i === 0 ? '' : ','}${JSON.stringify(names[i])}:`;
    yield* spec.json(first, rest, replay);
  }
  yield `}${tail(handle)}`;
}

function writeNdjson(frame: Frame, options: RecordOptions): AsyncGenerator<string> {
  return overBatches(frame, async function* (first, rest) {
    const records = await kindSpec(frame.kind).records(replayFirst(frame, first, rest), options);
    for await (const batch of records.records) {
      if (batch.length === 0) continue;
      let chunk = '';
      for (const record of batch) chunk += `${JSON.stringify(record)}\n`;
      yield chunk;
    }
  });
}

function writeCsv(frame: Frame, options: RecordOptions): AsyncGenerator<string> {
  return overBatches(frame, async function* (first, rest) {
    const { columns, records, toRow } = await kindSpec(frame.kind).records(replayFirst(frame, first, rest), options);
    yield `${columns.map((c) => csvCell(c.name)).join(',')}\n`;
    for await (const batch of records) {
      let chunk = '';
      for (const record of batch) {
        const row = toRow(record);
        chunk += `${columns.map((c) => csvCell(row[c.name])).join(',')}\n`;
      }
      if (chunk !== '') yield chunk;
    }
  });
}

/** The frame again, its first batch (already pulled) followed by the rest. */
function replayFirst(frame: Frame, first: IteratorResult<readonly unknown[]>, rest: AsyncIterable<readonly unknown[]>): Frame {
  const batches = (async function* () {
    if (first.done !== true) yield first.value;
    yield* rest;
  })();
  return { ...frame, batches } as Frame;
}
