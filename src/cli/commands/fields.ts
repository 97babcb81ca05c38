import type { Command } from '../context.js';
import { GLOBAL_FLAGS, SOURCE_FLAGS } from '../common-flags.js';
import { outputFormat } from '../write-result.js';
import { csvCell } from '../../core/output/csv-cell.js';

export const fieldsCommand: Command = {
  name: 'fields',
  summary: 'Discover the fields of a source, their types and the roles they feed.',
  usage: 'distill fields [--source <name|path>] [--sample <n>] [--format json|csv]',
  flags: {
    ...GLOBAL_FLAGS,
    ...SOURCE_FLAGS,
    sample: { type: 'number', value: '<n>', description: 'Documents to sample (default 1000).' },
    format: { type: 'string', short: 'f', value: '<json|csv>', description: 'Output format (default json).' },
  },
  async run(args, context) {
    const distill = await context.openDistill();
    const fields = await distill.fields(args.flags.source as string | undefined, {
      sample: (args.flags.sample as number | undefined) ?? 1000,
      ...(args.flags.schema === undefined ? {} : { schema: args.flags.schema as string }),
    });
    const format = outputFormat(args.flags.format, 'json');
    if (format === 'csv') {
      context.io.stdout.write('field,types,count,roles,examples\n');
      for (const f of fields) {
        context.io.stdout.write(
          `${[f.field, f.types.join('|'), f.count, f.roles.join('|'), JSON.stringify(f.examples ?? [])].map(csvCell).join(',')}\n`,
        );
      }
    } else if (format === 'ndjson') {
      for (const f of fields) context.io.stdout.write(`${JSON.stringify(f)}\n`);
    } else {
      context.io.stdout.write(`${JSON.stringify({ source: distill.source(args.flags.source as string | undefined).id, fields }, null, 2)}\n`);
    }
    return 0;
  },
};
