import type { Distill } from '../distill.js';
import type { CliIO } from './context.js';
import { createProgress } from './progress.js';
import { outputFormat, writeResult } from './write-result.js';
import type { OutputFormat } from '../core/pipeline/pipeline-schema.js';

/** Run a pipeline document with the common source/output flags and write its result. Returns the exit code. */
export async function executeRun(distill: Distill, pipeline: Record<string, unknown>, flags: Record<string, unknown>, io: CliIO): Promise<number> {
  const declared = (pipeline.output as { format?: OutputFormat } | undefined)?.format ?? 'json';
  const format = outputFormat(flags.format, declared);
  const quiet = flags.quiet === true;
  const progress = createProgress(io.stderr, io.stderrIsTTY && !quiet);
  const handle = distill.start(pipeline, {
    source: flags.source as string | undefined,
    schema: flags.schema as string | undefined,
    strict: flags.strict === true,
    signal: io.signal,
    onProgress: progress.update,
  });
  try {
    await writeResult(handle, format, io, { out: flags.out as string | undefined, quiet, beforeOutput: progress.clear });
  } finally {
    progress.clear();
  }
  return 0;
}
