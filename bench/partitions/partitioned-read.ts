/**
 * Benchmark (issue 8): a partitioned read — every session delivered whole and time-ordered to an operator — against
 * an unpartitioned read of the same data, on files and on Elasticsearch. Each variant runs as its own child process
 * (whole process: read, plan, sort, operator), interleaved run by run; medians of N runs; peak RSS per variant from
 * the child's `process.resourceUsage().maxRSS`.
 *
 * Files (the same generated NDJSON, bench/data.ts):
 *   - unpartitioned: count-by session (streams, memory O(sessions));
 *   - partitioned, in memory: `partition-spans` by session with a 2 GiB sort budget (nothing spills);
 *   - partitioned, spilling: the same with a 16 MiB budget, so sorted runs spill to a scratch directory and merge.
 * Elasticsearch (the bench index, bench/elasticsearch/bench-index.ts):
 *   - unpartitioned: the same count-by session read as a stream (pushdown off: a filter no aggregation takes);
 *   - partitioned: `partition-spans` by session — PIT + search_after sorted by (session, time), one partition in
 *     memory at a time.
 * `partition-spans` is the test plugin's partition operator (test/fixtures/plugins/foundation-ops.mjs).
 *
 *   npx tsx bench/partitions/partitioned-read.ts [--runs 5] [--events 1000000] [--es-events 1000000] [--no-es]
 *
 * Writes bench/results/partitions-partitioned-read.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchData } from '../data.js';
import { median } from '../median.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const PLUGIN = path.join(root, 'test/fixtures/plugins/foundation-ops.mjs');
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    events: { type: 'string', default: '1000000' },
    'es-events': { type: 'string', default: '1000000' },
    'no-es': { type: 'boolean', default: false },
    child: { type: 'string' },
    file: { type: 'string' },
    index: { type: 'string' },
  },
});

/** Variants, each a pipeline over a source and a sort budget. */
const VARIANTS: Record<string, { source: 'files' | 'es'; steps: unknown[]; budget?: number }> = {
  'files unpartitioned (count-by session)': { source: 'files', steps: [{ op: 'count-by', by: 'session' }] },
  'files partitioned, in memory': { source: 'files', steps: [{ op: 'partition-spans', by: ['session'] }], budget: 2 ** 31 },
  'files partitioned, spilling (16 MiB budget)': { source: 'files', steps: [{ op: 'partition-spans', by: ['session'] }], budget: 16 << 20 },
  'es unpartitioned (streamed count-by session)': { source: 'es', steps: [{ op: 'filter', where: { field: 'details.clicks', op: 'ne', value: -1 } }, { op: 'count-by', by: 'session' }] },
  'es partitioned': { source: 'es', steps: [{ op: 'partition-spans', by: ['session'] }] },
};

async function child(name: string): Promise<void> {
  const { openDistill } = await import('../../src/distill.js');
  const v = VARIANTS[name]!;
  const source =
    v.source === 'files'
      ? { kind: 'files' as const, paths: values.file! }
      : { kind: 'elasticsearch' as const, node: process.env.DISTILL_ES_URL!, index: values.index!, pageSize: 5000 };
  const distill = await openDistill({ config: { sources: { s: source as never }, plugins: [PLUGIN] }, userPlugins: false });
  const started = performance.now();
  const env = await distill.run({ steps: v.steps }, v.budget === undefined ? {} : { sortMemoryBytes: v.budget });
  const ms = performance.now() - started;
  await distill.close();
  const rows = env.result.kind === 'table' ? env.result.rows.length : -1;
  process.stdout.write(`${JSON.stringify({ ms, rows, scanned: env.stats.scanned, pushedDown: env.stats.pushedDown, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
}

function runChild(name: string, extra: string[]): { ms: number; rows: number; scanned: number; maxRssMb: number; wallMs: number } {
  const t = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--child', name, ...extra], { encoding: 'utf8', env: process.env, maxBuffer: 1 << 24 });
  const wallMs = performance.now() - t;
  if (r.status !== 0) throw new Error(`${name} failed: ${r.stderr}`);
  return { ...JSON.parse(r.stdout.trim().split('\n').at(-1)!), wallMs };
}

if (values.child !== undefined) {
  await child(values.child);
} else {
  const runs = Number(values.runs);
  const file = await benchData(Number(values.events));
  let index: string | undefined;
  if (!values['no-es']) {
    const { ensureBenchIndex } = await import('../elasticsearch/bench-index.js');
    index = await ensureBenchIndex(Number(values['es-events']));
  }
  const names = Object.keys(VARIANTS).filter((n) => index !== undefined || VARIANTS[n]!.source === 'files');
  const samples: Record<string, ReturnType<typeof runChild>[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < runs; i++) {
    const order = i % 2 === 0 ? names : [...names].reverse();
    for (const n of order) {
      const extra = VARIANTS[n]!.source === 'files' ? ['--file', file] : ['--index', index!];
      const s = runChild(n, extra);
      samples[n]!.push(s);
      process.stderr.write(`run ${i + 1}/${runs} ${n}: ${s.wallMs.toFixed(0)} ms, peak RSS ${s.maxRssMb.toFixed(0)} MB, ${s.rows} rows\n`);
    }
  }
  const summary = Object.fromEntries(
    names.map((n) => [
      n,
      {
        medianWallMs: median(samples[n]!.map((s) => s.wallMs)),
        medianRunMs: median(samples[n]!.map((s) => s.ms)),
        medianPeakRssMb: median(samples[n]!.map((s) => s.maxRssMb)),
        rows: samples[n]![0]!.rows,
        scanned: samples[n]![0]!.scanned,
      },
    ]),
  );
  const ratio = (a: string, b: string): number | undefined =>
    summary[a] === undefined || summary[b] === undefined ? undefined : Math.round((summary[a]!.medianWallMs / summary[b]!.medianWallMs) * 100) / 100;
  const result = {
    date: new Date().toISOString(),
    node: process.version,
    runs,
    events: Number(values.events),
    esEvents: index === undefined ? undefined : Number(values['es-events']),
    summary,
    ratios: {
      'files partitioned in memory / unpartitioned': ratio('files partitioned, in memory', 'files unpartitioned (count-by session)'),
      'files partitioned spilling / unpartitioned': ratio('files partitioned, spilling (16 MiB budget)', 'files unpartitioned (count-by session)'),
      'es partitioned / unpartitioned': ratio('es partitioned', 'es unpartitioned (streamed count-by session)'),
    },
  };
  mkdirSync(path.join(root, 'bench/results'), { recursive: true });
  writeFileSync(path.join(root, 'bench/results/partitions-partitioned-read.json'), `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
