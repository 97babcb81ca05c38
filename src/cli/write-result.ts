import { createWriteStream } from 'node:fs';
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
 * (unless quiet). The output file is only created once the run has produced its first chunk, so a run that fails
 * early leaves nothing behind.
 */
export async function writeResult(
  handle: RunHandle,
  format: OutputFormat,
  io: CliIO,
  options: { out?: string | undefined; quiet?: boolean | undefined; beforeOutput?: () => void },
): Promise<void> {
  let target: Writable | undefined;
  let file: Writable | undefined;
  try {
    for await (const chunk of writeOutput(handle, format)) {
      if (target === undefined) {
        options.beforeOutput?.();
        if (options.out === undefined) target = io.stdout;
        else {
          file = createWriteStream(path.resolve(io.cwd, options.out), { flags: 'w' });
          target = file;
        }
      }
      if (!target.write(chunk)) await once(target, 'drain');
    }
    if (target === undefined) {
      options.beforeOutput?.();
      target = options.out === undefined ? io.stdout : (file = createWriteStream(path.resolve(io.cwd, options.out), { flags: 'w' }));
    }
  } finally {
    if (file !== undefined) {
      file.end();
      await once(file, 'close');
    }
  }
  if (options.quiet !== true) printWarnings(handle.finish().warnings, io.stderr);
}

/** Warnings as readable lines on stderr. */
export function printWarnings(warnings: readonly Warning[], stderr: Writable): void {
  for (const w of warnings) {
    const where = w.file === undefined ? '' : ` in ${w.file}`;
    const lines = w.lines === undefined ? '' : `, line${w.lines.length > 1 ? 's' : ''} ${w.lines.slice(0, 10).join(', ')}${w.lines.length > 10 || w.count > w.lines.length ? ', …' : ''}`;
    stderr.write(`distill: warning [${w.code}]: ${w.message} (${w.count}×${where}${lines})\n`);
  }
}
