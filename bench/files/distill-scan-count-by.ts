/**
 * Distill's count-by over the file source on a given number of threads (0: the default, every core up to 8), the
 * runner computing the read's `needs` from the plan as the CLI does, and the file source counting groups while
 * reading (its count-by pushdown: workers count, this thread merges). With `events` the pushdown is off (the
 * scanner hands projected documents on, the runner maps and counts events); with `whole` the read also ignores the
 * needs and parses whole documents (the reader as it was before the scanner). Bundled with esbuild by the bench so it runs as plain
 * Node without a TypeScript loader (workers come from the scanner's source text either way).
 *
 *   node distill-scan-count-by.mjs <file> <threads> [whole|events]   →  {"total": n, "groups": k}
 */
import path from 'node:path';
import { runPipeline } from '../../src/core/pipeline/run-pipeline.js';
import { createRegistry } from '../../src/core/operators/builtin.js';
import { resolveMapping } from '../../src/core/schema/resolve-mapping.js';
import { createFileSource } from '../../src/sources/files/file-source.js';

async function main(): Promise<void> {
  const file = path.resolve(process.argv[2]!);
  const threads = Number(process.argv[3] ?? '0');
  const mode = process.argv[4];
  const mapping = resolveMapping('userale');
  const files = createFileSource({ id: 'f', paths: [file], baseDir: path.dirname(file), mapping, ...(threads > 0 ? { threads } : {}) });
  const env = await runPipeline(
    { steps: [{ op: 'count-by', by: 'type' }] },
    {
      registry: createRegistry(),
      defaultSource: 'f',
      resolveSource: () => {
        if (mode !== 'whole' && mode !== 'events') return files;
        const { pushdown: _p, ...events } = files;
        return mode === 'events' ? events : { ...events, read: ({ needs: _n, ...request }, context) => files.read(request, context) };
      },
    },
  );
  if (env.result.kind !== 'table') throw new Error('expected a table');
  const total = env.result.rows.reduce((s, r) => s + (r.count as number), 0);
  process.stdout.write(JSON.stringify({ total, groups: env.result.rows.length }));
}

void main();
