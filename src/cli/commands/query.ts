import type { Command } from '../context.js';
import { GLOBAL_FLAGS, OUTPUT_FLAGS, QUERY_FLAGS, SOURCE_FLAGS } from '../common-flags.js';
import { buildQuery } from '../build-query.js';
import { executeRun } from '../execute-run.js';

export const queryCommand: Command = {
  name: 'query',
  summary: 'Read events matching a query (time range, conditions, projection, sort, limit).',
  usage: 'distill query [--source <name|path>] [--where <cond>]... [--from <t>] [--to <t>] [--fields a,b] [--sort -time] [--limit n]',
  details: {
    posix:
      'Examples:\n' +
      '  distill query --where type=click --limit 5\n' +
      '  distill query --source logs/ --from 2024-05-01 --to now/d --format csv --out clicks.csv\n' +
      '  distill query --query \'{"where":{"any":[{"field":"type","op":"eq","value":"click"},{"field":"details.clicks","op":"gte","value":2}]}}\'',
    win32:
      'Examples (PowerShell or cmd):\n' +
      '  distill query --where type=click --limit 5\n' +
      '  distill query --source logs\\ --from 2024-05-01 --to now/d --format csv --out clicks.csv\n' +
      '  distill query --query "@query.json"    (a whole query in a file; PowerShell needs the quotes around @)\n' +
      'Write JSON in a file rather than on the command line: Windows shells change the double quotes inside it.',
  },
  flags: { ...GLOBAL_FLAGS, ...SOURCE_FLAGS, ...QUERY_FLAGS, ...OUTPUT_FLAGS },
  async run(args, context) {
    const distill = await context.openDistill();
    const query = buildQuery(args.flags, context.io.cwd);
    return executeRun(distill, { query }, args.flags, context.io);
  },
};
