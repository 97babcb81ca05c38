import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import type { RunHandle } from '../core/pipeline/run-pipeline.js';
import type { OutputFormat } from '../core/pipeline/pipeline-schema.js';
import { writeOutput } from '../core/output/write-output.js';
import type { Warning } from '../core/warnings.js';
import type { CliIO } from './context.js';
import { InvalidArgumentError } from '../core/errors.js';
import { OUTPUT_FORMATS } from '../core/pipeline/pipeline-schema.js';
import { kindSpec } from '../core/frame-kinds.js';
import { collectRun, singleOutputHandle } from '../core/pipeline/run-pipeline.js';

/** Check a --format value. */
export function outputFormat(value: unknown, fallback: OutputFormat): OutputFormat {
  if (value === undefined) return fallback;
  if (!(OUTPUT_FORMATS as readonly unknown[]).includes(value)) {
    throw new InvalidArgumentError(`--format must be one of ${OUTPUT_FORMATS.join(', ')}, got "${String(value)}".`);
  }
  return value as OutputFormat;
}

/**
 * Stream a run's output to stdout or `--out`, respecting back-pressure, then print its warnings on stderr
 * (unless quiet). With `--out`, output goes to a temporary file beside the target (parent directories are
 * created) and is renamed into place only when the run succeeds: a failed run never leaves a partial or clobbered
 * result file.
 */
export async function writeResult(
  handle: RunHandle,
  format: OutputFormat,
  io: CliIO,
  options: { out?: string | undefined; quiet?: boolean | undefined; beforeOutput?: () => void },
): Promise<void> {
  const chunks = writeOutput(handle, format);
  if (options.out === undefined) {
    let started = false;
    for await (const chunk of chunks) {
      if (!started) {
        options.beforeOutput?.();
        started = true;
      }
      if (!io.stdout.write(chunk)) await once(io.stdout, 'drain');
    }
  } else {
    const target = path.resolve(io.cwd, options.out);
    await mkdir(path.dirname(target), { recursive: true });
    const temp = `${target}.partial-${process.pid}`;
    const file = createWriteStream(temp, { flags: 'w' });
    let ok = false;
    try {
      for await (const chunk of chunks) if (!file.write(chunk)) await once(file, 'drain');
      ok = true;
    } finally {
      file.end();
      await once(file, 'close');
      if (ok) await rename(temp, target);
      else await rm(temp, { force: true });
    }
    options.beforeOutput?.();
  }
  if (options.quiet !== true) printWarnings(handle.finish().warnings, io.stderr);
}

/**
 * Write every output of a run to `<dir>/<name>.<format>` (a single-output run writes `result.<format>`), after all
 * outputs are computed from one read of the source, plus `envelope.json` holding the request, stats and warnings.
 * Files are written to temporary names and renamed only when everything succeeded. An output whose kind cannot be
 * written in `format` (a graph as gexf is fine, a table is not) is written as JSON and said on stderr.
 */
export async function writeOutputsToDir(
  handle: RunHandle,
  format: OutputFormat,
  io: CliIO,
  options: { dir: string; quiet?: boolean | undefined; beforeOutput?: () => void },
): Promise<void> {
  const dir = path.resolve(io.cwd, options.dir);
  await mkdir(dir, { recursive: true });
  const envelope = await collectRun(handle);
  const results: Record<string, import('../core/pipeline/envelope.js').ResultValue> =
    'results' in envelope ? { ...envelope.results } : { result: envelope.result };
  const written: { temp: string; target: string }[] = [];
  try {
    for (const [name, result] of Object.entries(results)) {
      const spec = kindSpec(result.kind);
      const fmt: OutputFormat = spec.formats.includes(format) ? format : 'json';
      if (fmt !== format && options.quiet !== true) io.stderr.write(`distill: output "${name}" is a ${result.kind}: written as json, not ${format}\n`);
      const frame = spec.replay(result as never);
      const single = singleOutputHandle(handle, frame, {
        name: handle.multi ? name : undefined,
        finish: () => ({ stats: envelope.stats, warnings: [...envelope.warnings] }),
      });
      const target = path.join(dir, `${name}.${fmt}`);
      const temp = `${target}.partial-${process.pid}`;
      written.push({ temp, target });
      const file = createWriteStream(temp, { flags: 'w' });
      try {
        for await (const chunk of writeOutput(single, fmt)) if (!file.write(chunk)) await once(file, 'drain');
      } finally {
        file.end();
        await once(file, 'close');
      }
    }
    const meta = { distill: envelope.distill, request: envelope.request, source: envelope.source, outputs: Object.keys(results), stats: envelope.stats, warnings: envelope.warnings };
    const target = path.join(dir, 'envelope.json');
    const temp = `${target}.partial-${process.pid}`;
    written.push({ temp, target });
    await import('node:fs/promises').then((fs) => fs.writeFile(temp, `${JSON.stringify(meta)}\n`));
    for (const w of written) await rename(w.temp, w.target);
  } catch (error) {
    await Promise.all(written.map((w) => rm(w.temp, { force: true })));
    throw error;
  }
  options.beforeOutput?.();
  if (options.quiet !== true) printWarnings(envelope.warnings, io.stderr);
}

/** Warnings as readable lines on stderr. */
export function printWarnings(warnings: readonly Warning[], stderr: Writable): void {
  for (const w of warnings) {
    const where = w.file === undefined ? '' : ` in ${w.file}`;
    const lines = w.lines === undefined ? '' : `, line${w.lines.length > 1 ? 's' : ''} ${w.lines.slice(0, 10).join(', ')}${w.lines.length > 10 || w.count > w.lines.length ? ', …' : ''}`;
    stderr.write(`distill: warning [${w.code}]: ${w.message} (${w.count}×${where}${lines})\n`);
  }
}
