import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from '../context.js';
import { GLOBAL_FLAGS, OUTPUT_FLAGS, SOURCE_FLAGS } from '../common-flags.js';
import { readJsonArg } from '../build-query.js';
import { executeRun } from '../execute-run.js';
import { InvalidArgumentError } from '../../core/errors.js';

export const runCommand: Command = {
  name: 'run',
  summary: 'Run a pipeline: a JSON file, inline JSON, or a named pipeline from the config.',
  usage: 'distill run <pipeline.json | name | json> [--source <name|path>] [--format json|ndjson|csv] [--out <file>]',
  details: {
    posix:
      'A pipeline is {"source", "query", "steps": [{"op": ...}], "output": {"format"}}. See `distill ops` for operators.\n' +
      'Examples:\n  distill run clicks-per-user\n  distill run analysis.json --format csv\n' +
      '  distill run \'{"steps":[{"op":"count-by","by":"type"}]}\'',
    win32:
      'A pipeline is {"source", "query", "steps": [{"op": ...}], "output": {"format"}}. See `distill ops` for operators.\n' +
      'Examples (PowerShell or cmd):\n  distill run clicks-per-user\n  distill run analysis.json --format csv\n' +
      'Write a pipeline in a file (analysis.json) rather than inline: Windows shells change the double quotes inside it.',
  },
  flags: { ...GLOBAL_FLAGS, ...SOURCE_FLAGS, ...OUTPUT_FLAGS },
  async run(args, context) {
    const target = args.positionals[0];
    if (target === undefined) throw new InvalidArgumentError('Name a pipeline: a .json file, inline JSON, or a named pipeline (see `distill pipelines`).');
    const distill = await context.openDistill();
    const pipeline = loadPipelineArg(target, context.io.cwd);
    return executeRun(distill, distill.pipelineDocument(pipeline), args.flags, context.io);
  },
};

/** A pipeline argument: inline JSON, a file path, or a name (returned as a string for the config lookup). */
export function loadPipelineArg(arg: string, cwd: string): string | Record<string, unknown> {
  const trimmed = arg.trim();
  if (trimmed.startsWith('{')) return readJsonArg(trimmed, cwd, 'pipeline');
  if (trimmed.startsWith('@')) return readJsonArg(trimmed, cwd, 'pipeline');
  if (trimmed.endsWith('.json') || existsSync(path.resolve(cwd, trimmed))) return readJsonArg(`@${trimmed}`, cwd, 'pipeline');
  return trimmed;
}
