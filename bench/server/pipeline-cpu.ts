/**
 * The CPU cost of a named pipeline's run alone — no HTTP, no TLS: validate once, then per run start the parsed
 * pipeline, write its JSON envelope to a string. Median of rounds of CPU µs per run. Isolates the pipeline part of a
 * small named pipeline request (bench/server/server-bench.ts measures the whole request over HTTPS).
 *
 *   npx tsx bench/server/pipeline-cpu.ts [events=50] [runs=2000]
 *
 * Prints one line per stage; no result file. With `BENCH_PROFILE=<file.cpuprofile>` the last round of the
 * "run + envelope" stage is CPU-profiled (100 µs sampling, warm code only) into that file.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { defaultConfigPath } from '../../src/config/assets.js';
import { openDistill } from '../../src/distill.js';
import { writeOutput } from '../../src/core/output/write-output.js';

const [eventsArg = '50', runsArg = '2000'] = process.argv.slice(2);
const sampleFile = path.join(path.dirname(defaultConfigPath()), 'sample', 'userale-sample.ndjson');
const dir = mkdtempSync(path.join(os.tmpdir(), 'distill-bench-pipeline-'));
const small = path.join(dir, 'small.ndjson');
writeFileSync(small, `${readFileSync(sampleFile, 'utf8').split('\n').slice(0, Number(eventsArg)).join('\n')}\n`);
const distill = await openDistill({
  cwd: dir,
  config: {
    sources: { small: { kind: 'files', paths: small, schema: 'userale' } },
    pipelines: { 'small-types': { source: 'small', steps: [{ op: 'count-by', by: 'type' }] } },
  },
});
const RUNS = Number(runsArg);
const ROUNDS = 7;
const parsed = distill.validatePipeline('small-types');

async function once(): Promise<number> {
  const handle = distill.startParsed(parsed, { signal: new AbortController().signal });
  let n = 0;
  for await (const chunk of writeOutput(handle, 'json')) n += chunk.length;
  return n;
}

const stages: Record<string, () => Promise<unknown>> = {
  'validate (zod) + run + envelope': async () => {
    distill.validatePipeline('small-types');
    return once();
  },
  'run + envelope (validated once)': once,
  'read the file (bytes only)': async () => readFileSync(small).length,
};
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const profileFile = process.env.BENCH_PROFILE;
const session = profileFile === undefined ? undefined : new Session();
session?.connect();
for (const [name, fn] of Object.entries(stages)) {
  for (let i = 0; i < 200; i++) await fn(); // warm-up
  const samples: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const profiling = session !== undefined && fn === once && r === ROUNDS - 1;
    if (profiling) {
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 100 });
      await session.post('Profiler.start');
    }
    const started = process.cpuUsage();
    for (let i = 0; i < RUNS; i++) await fn();
    const used = process.cpuUsage(started);
    samples.push((used.user + used.system) / RUNS);
    if (profiling) writeFileSync(profileFile!, JSON.stringify((await session.post('Profiler.stop')).profile));
  }
  console.log(`${name.padEnd(36)} ${median(samples).toFixed(1).padStart(7)} µs CPU per run (median of ${ROUNDS}×${RUNS})`);
}
rmSync(dir, { recursive: true, force: true });
