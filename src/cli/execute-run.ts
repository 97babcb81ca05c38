import type { Distill } from '../distill.js';
import type { CliIO } from './context.js';
import { createProgress } from './progress.js';
import { outputFormat, writeResult, writeOutputsToDir } from './write-result.js';
import type { OutputFormat } from '../core/pipeline/pipeline-schema.js';
import { InvalidArgumentError } from '../core/errors.js';

/**
 * Run a pipeline document with the common source/output flags and write its result. A pipeline with named outputs
 * is written as one JSON envelope (`results`), one output (`--output name`), or a file per output (`--out-dir`).
 * Returns the exit code.
 */
export async function executeRun(distill: Distill, pipeline: Record<string, unknown>, flags: Record<string, unknown>, io: CliIO): Promise<number> {
  const declared = (pipeline.output as { format?: OutputFormat } | undefined)?.format ?? 'json';
  const format = outputFormat(flags.format, declared);
  const quiet = flags.quiet === true;
  const outDir = flags['out-dir'] as string | undefined;
  if (outDir !== undefined && flags.out !== undefined) throw new InvalidArgumentError('Use --out (one file) or --out-dir (a file per output), not both.');
  const progress = createProgress(io.stderr, io.stderrIsTTY && !quiet);
  const handle = distill.start(pipeline, {
    source: flags.source as string | undefined,
    schema: flags.schema as string | undefined,
    strict: flags.strict === true,
    output: flags.output as string | undefined,
    signal: io.signal,
    onProgress: progress.update,
  });
  try {
    if (outDir !== undefined) await writeOutputsToDir(handle, format, io, { dir: outDir, quiet, beforeOutput: progress.clear });
    else await writeResult(handle, format, io, { out: flags.out as string | undefined, quiet, beforeOutput: progress.clear });
  } finally {
    progress.clear();
  }
  return 0;
}
