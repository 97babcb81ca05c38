import type { FlagSpecs } from './args.js';

export const GLOBAL_FLAGS: FlagSpecs = {
  config: { type: 'string', short: 'c', value: '<file>', description: 'Config file (default: $DISTILL_CONFIG, ./distill.config.json, the bundled sample).' },
  help: { type: 'boolean', short: 'h', description: 'Show help for the command.' },
};

export const SOURCE_FLAGS: FlagSpecs = {
  source: { type: 'string', short: 's', value: '<name|path>', description: 'A configured source, or files/directories/globs to read.' },
  schema: { type: 'string', value: '<name>', description: 'Schema mapping for files given with --source (default: userale).' },
};

export const OUTPUT_FLAGS: FlagSpecs = {
  format: { type: 'string', short: 'f', value: '<json|ndjson|csv|gexf|graphml|dot>', description: 'Output format (default: json, or the pipeline\'s); gexf, graphml and dot for graph results.' },
  out: { type: 'string', short: 'o', value: '<file>', description: 'Write the result to a file instead of standard output.' },
  output: { type: 'string', value: '<name>', description: 'A pipeline with named outputs: run and write only this one.' },
  'out-dir': { type: 'string', value: '<dir>', description: 'A pipeline with named outputs: write each to <dir>/<name>.<format> (one read of the source).' },
  strict: { type: 'boolean', description: 'Fail on malformed or unmappable input instead of skipping and reporting it.' },
  quiet: { type: 'boolean', short: 'q', description: 'No warnings or progress on standard error.' },
};

export const QUERY_FLAGS: FlagSpecs = {
  where: { type: 'string', multiple: true, short: 'w', value: '<cond>', description: 'Condition, repeatable (ANDed): type=click, details.clicks>=2, user?, "type in click,focus".' },
  from: { type: 'string', value: '<time>', description: 'Time range start, inclusive: ISO 8601, epoch ms or date math (now-7d/d).' },
  to: { type: 'string', value: '<time>', description: 'Time range end, exclusive.' },
  fields: { type: 'string', multiple: true, value: '<a,b>', description: 'Document fields to keep in each event (projection).' },
  sort: { type: 'string', multiple: true, value: '<a,-b>', description: 'Sort keys; "-" for descending.' },
  limit: { type: 'number', short: 'n', value: '<n>', description: 'At most n events.' },
  query: { type: 'string', value: '<json|@file>', description: 'A whole query as JSON (or @file); flags above are merged into it.' },
};
