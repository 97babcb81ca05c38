// StrykerJS mutation testing (`npm run test:mutation -- <scope>`, see scripts/mutation.mjs and docs/testing.md).
//
// One scope per run: the machine is small, so a run mutates one area with one test process at a time. Each scope
// keeps its incremental state in reports/mutation/<scope>.incremental.json (committed), so a later run re-tests
// only the mutants whose code or tests changed. Tests run through node:test with the TAP reporter, via tsx.
// The tests of src/core/query, fast focused files first: a mutant is killed by the first failing file (forceBail),
// so the slower reference and property suites only run for what the unit files let through.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const QUERY_TESTS = [
  'test/core/query/compile-predicate.test.ts',
  'test/core/query/compare.test.ts',
  'test/core/query/compile-sort.test.ts',
  'test/core/query/field-ref.test.ts',
  'test/core/query/project-event.test.ts',
  'test/core/query/query-schema.test.ts',
  'test/core/query/parse-query.test.ts',
  'test/core/query/compile-predicate.property.test.ts',
  'test/core/query/reference-query.test.ts',
];

// The test files of one folder, by name (glob would list wildcard matches in walk order, and the order matters:
// forceBail stops at the first failing file, so the fast exact files go first).
const testsIn = (dir, skip = () => false) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.test.ts') && !skip(f))
    .sort()
    .map((f) => `${dir}/${f}`);

// The operator files that run the sequence operators through the pipeline (no processes, no Elasticsearch).
const SEQUENCE_OPERATOR_TESTS = [
  'test/core/operators/segment.test.ts',
  'test/core/operators/sessionize.test.ts',
  'test/core/operators/stitch-users.test.ts',
  'test/core/operators/cleaning-ops.test.ts',
  'test/core/operators/simple-ops.test.ts',
  'test/core/operators/conformance.test.ts',
  'test/core/operators/sessionize-emits-order.test.ts',
  'test/core/operators/sequence-examples.test.ts',
];
// Every operator test that needs no process and no Elasticsearch: the exact per-operator files first (by name, so a
// new test/core/operators/<op>.test.ts joins without an edit here), then the broad suites, then the pipeline's.
const BROAD_OPERATOR_TESTS = ['analytics-operators.test.ts', 'conformance.test.ts', 'sequence-examples.test.ts'];
/** The scanner's test files (files-scan-parse's order: the JSON scanner's exact files first, the slower suites last). */
const SCANNER_TESTS = [
  'test/sources/files/scan/json-scanner.edges.exact.test.ts',
  'test/sources/files/scan/json-scanner.high.exact.test.ts',
  'test/sources/files/scan/projection-tree.test.ts',
  'test/sources/files/scan/ndjson-lines.test.ts',
  'test/sources/files/scan/scan-documents.exact.test.ts',
  'test/sources/files/scan/json-scanner.low.exact.test.ts',
  'test/sources/files/scan/batch-codec.exact.test.ts',
  'test/sources/files/scan/group-count.exact.test.ts',
  'test/sources/files/scan/json-scanner.test.ts',
  'test/sources/files/scan/scan-documents.test.ts',
  'test/sources/files/scan/batch-codec.test.ts',
  'test/sources/files/scan/group-count.test.ts',
  'test/sources/files/parse-documents.exact.test.ts',
  'test/sources/files/parse-documents.test.ts',
];

/** `first`, then the files of `all` not in it, in `all`'s order. */
function firstThen(first, all) {
  return [...first, ...all.filter((f) => !first.includes(f))];
}

const OPERATOR_TESTS = [
  ...testsIn('test/core/operators', (f) => /\.(e2e|elasticsearch)\.test\.ts$/.test(f) || BROAD_OPERATOR_TESTS.includes(f)),
  ...BROAD_OPERATOR_TESTS.map((f) => `test/core/operators/${f}`),
  ...testsIn('test/core/pipeline'),
];

const SCOPES = {
  'core-time': {
    mutate: ['src/core/time/**/*.ts'],
    tests: ['test/core/time/**/*.test.ts', 'test/core/query/compile-predicate*.test.ts', 'test/core/query/reference-query.test.ts', 'test/core/schema/reference-mapping.test.ts'],
  },
  // src/core/query in three scopes, so each run fits on a loaded machine.
  'core-query-predicate': {
    mutate: ['src/core/query/compile-predicate.ts', 'src/core/query/condition-kind.ts'],
    tests: QUERY_TESTS,
  },
  'core-query-values': {
    mutate: ['src/core/query/compare.ts', 'src/core/query/compile-sort.ts', 'src/core/query/field-ref.ts', 'src/core/query/project-event.ts'],
    tests: QUERY_TESTS,
  },
  'core-query-schema': {
    mutate: ['src/core/query/query-schema.ts', 'src/core/query/parse-query.ts'],
    tests: QUERY_TESTS,
  },
  'core-schema': {
    mutate: ['src/core/schema/**/*.ts'],
    tests: ['test/core/schema/**/*.test.ts'],
  },
  // The memory-bounded sorts: the exact estimator test first, then the spill and property tests.
  'core-sort': {
    mutate: ['src/core/sort/**/*.ts'],
    tests: ['test/core/sort/size-estimator.test.ts', 'test/core/sort/external-sort.test.ts', 'test/core/sort/group-sort.test.ts'],
  },
  // Graph records and writers, held to exact texts. graph-formats.test.ts (networkx, Graphviz, the CLI) is left out:
  // it spawns processes for every mutant and checks what the exact tests already pin.
  'core-graph': {
    mutate: ['src/core/graph/**/*.ts'],
    tests: ['test/core/graph/graph-records.test.ts', 'test/core/graph/write-dot.test.ts', 'test/core/graph/write-graphml.test.ts', 'test/core/graph/write-gexf.test.ts'],
  },
  // The output writers (JSON envelope, NDJSON, CSV, graph files) over real pipelines from memory.
  'core-output': {
    mutate: ['src/core/output/**/*.ts'],
    tests: ['test/core/output/csv-cell.test.ts', 'test/core/output/records.test.ts', 'test/core/output/write-output.test.ts'],
  },
  'es-compile-dsl': {
    mutate: ['src/sources/elasticsearch/compile-dsl.ts'],
    tests: ['test/sources/elasticsearch/compile-dsl.exact.test.ts', 'test/sources/elasticsearch/compile-dsl.edges.test.ts', 'test/sources/elasticsearch/compile-dsl.test.ts', 'test/sources/elasticsearch/compile-query-dsl.test.ts'],
  },
  'es-compile-query-dsl': {
    mutate: ['src/sources/elasticsearch/compile-query-dsl.ts'],
    tests: ['test/sources/elasticsearch/compile-query-dsl.test.ts', 'test/sources/elasticsearch/compile-dsl.exact.test.ts', 'test/sources/elasticsearch/compile-dsl.test.ts'],
  },
  'es-dsl-node': {
    mutate: ['src/sources/elasticsearch/dsl-node.ts'],
    tests: ['test/sources/elasticsearch/dsl-node.test.ts', 'test/sources/elasticsearch/compile-dsl.exact.test.ts'],
  },
  // The Elasticsearch source's logic that needs no node: error mapping, target resolution, sort plans, the field
  // catalog built from the node's answers, the pushdowns' request bodies and how they fold responses into rows,
  // page bodies and response checks, hit conversion, connection settings and client options, CA pinning (against a
  // real local TLS server) and the read-only transport (a fake server injecting 429s). Each file has its mirrored
  // exact test, listed in the order of the files above; responses are built in the tests as input data. What needs
  // the node (read-events, pit-reader, load-field-catalog, run-count-*, sample-documents, the source itself) is the
  // es-network scope's.
  'es-unit': {
    mutate: [
      'src/sources/elasticsearch/map-error.ts',
      'src/sources/elasticsearch/resolve-target.ts',
      'src/sources/elasticsearch/plan-sort.ts',
      'src/sources/elasticsearch/field-catalog.ts',
      'src/sources/elasticsearch/discover-fields.ts',
      'src/sources/elasticsearch/pushdown-count-by.ts',
      'src/sources/elasticsearch/pushdown-count-over-time.ts',
      'src/sources/elasticsearch/pushdown-stats.ts',
      'src/sources/elasticsearch/pit-request.ts',
      'src/sources/elasticsearch/time-presence.ts',
      'src/sources/elasticsearch/hit-converter.ts',
      'src/sources/elasticsearch/connection-options.ts',
      'src/sources/elasticsearch/from-config.ts',
      'src/sources/elasticsearch/pin-ca.ts',
      'src/sources/elasticsearch/read-only-transport.ts',
    ],
    tests: [
      'test/sources/elasticsearch/map-error.test.ts',
      'test/sources/elasticsearch/field-catalog.test.ts',
      'test/sources/elasticsearch/resolve-target.test.ts',
      'test/sources/elasticsearch/plan-sort.test.ts',
      'test/sources/elasticsearch/discover-fields.test.ts',
      'test/sources/elasticsearch/pushdown-count-by.test.ts',
      'test/sources/elasticsearch/pushdown-count-over-time.test.ts',
      'test/sources/elasticsearch/pushdown-stats.test.ts',
      'test/sources/elasticsearch/pit-request.test.ts',
      'test/sources/elasticsearch/time-presence.test.ts',
      'test/sources/elasticsearch/hit-converter.test.ts',
      'test/sources/elasticsearch/connection-options.test.ts',
      'test/sources/elasticsearch/from-config.test.ts',
      'test/sources/elasticsearch/pin-ca.test.ts',
      'test/sources/elasticsearch/read-only-transport.test.ts',
    ],
  },
  // The Elasticsearch source's request-sending files, against one real node that scripts/mutation.mjs starts before
  // Stryker and stops after (DISTILL_ES_URL reaches the test processes through the environment). The exact file
  // runs first: 28 cases on a 20-document index created once per node and reused (sharedFixture, a content-hashed
  // name), a few seconds per mutant; faults.test.ts (fake servers injecting 401/403, 429, timeouts, shard failures,
  // and the real node going away mid-stream) only for what the first lets through.
  'es-network': {
    mutate: [
      'src/sources/elasticsearch/elasticsearch-source.ts',
      'src/sources/elasticsearch/read-events.ts',
      'src/sources/elasticsearch/pit-reader.ts',
      'src/sources/elasticsearch/load-field-catalog.ts',
      'src/sources/elasticsearch/run-count-by.ts',
      'src/sources/elasticsearch/run-count-over-time.ts',
      'src/sources/elasticsearch/sample-documents.ts',
      'src/sources/elasticsearch/follow-abort.ts',
    ],
    tests: [
      'test/sources/elasticsearch/follow-abort.test.ts',
      'test/sources/elasticsearch/es-network.exact.test.ts',
      'test/sources/elasticsearch/es-network.read-events.test.ts',
      'test/sources/elasticsearch/es-network.source.test.ts',
      'test/sources/elasticsearch/faults.test.ts',
    ],
  },
  'files-read': {
    mutate: ['src/sources/files/expand-paths.ts', 'src/sources/files/open-chunks.ts'],
    tests: ['test/sources/files/expand-paths*.test.ts', 'test/sources/files/open-chunks.test.ts', 'test/sources/files/file-source.test.ts'],
  },
  'files-parse': {
    mutate: ['src/sources/files/parse-documents.ts'],
    tests: ['test/sources/files/parse-documents.exact.test.ts', 'test/sources/files/parse-documents.edges.test.ts', 'test/sources/files/parse-documents.test.ts', 'test/sources/files/file-source.test.ts'],
  },
  // The scanner proper, in two scopes so each run fits in a working session on two cores (one process per mutant,
  // so every mutant pays the whole ordered test list until a file kills it; the worker suites are files-scan's).
  // files-scan-parse: the projection-aware JSON scanner itself (~1,250 mutants).
  'files-scan-parse': {
    oneProcess: true,
    mutate: ['src/sources/files/scan/json-scanner.ts'],
    tests: SCANNER_TESTS,
  },
  // files-scan-units: the scanner's other units (line splitting, projection tree, batch codec, counting while
  // reading, the hybrid reader), their exact files first, then the rest of the scanner's list in its order.
  'files-scan-units': {
    oneProcess: true,
    mutate: [
      'src/sources/files/scan/ndjson-lines.ts',
      'src/sources/files/scan/projection-tree.ts',
      'src/sources/files/scan/batch-codec.ts',
      'src/sources/files/scan/group-count.ts',
      'src/sources/files/scan/scan-documents.ts',
    ],
    tests: firstThen(
      ['projection-tree.test.ts', 'ndjson-lines.test.ts', 'scan-documents.exact.test.ts', 'batch-codec.exact.test.ts', 'group-count.exact.test.ts'].map((f) => `test/sources/files/scan/${f}`),
      SCANNER_TESTS,
    ),
  },
  // files-scan-wasm: the WebAssembly kernel's JavaScript side (the kernel itself is AssemblyScript, compiled to
  // bytes: Stryker cannot mutate it; its differential tests against the JavaScript scanner and JSON.parse check it).
  // Its exact file first, then the JSON scanner's files, which run every test on both scanners.
  'files-scan-wasm': {
    mutate: ['src/sources/files/scan/wasm-scanner.ts'],
    tests: [
      'test/sources/files/scan/wasm-scanner.test.ts',
      'test/sources/files/scan/json-scanner.edges.exact.test.ts',
      'test/sources/files/scan/json-scanner.high.exact.test.ts',
      'test/sources/files/scan/json-scanner.low.exact.test.ts',
      'test/sources/files/scan/json-scanner.test.ts',
    ],
  },
  // The main-thread side of parallel scanning: byte ranges, the worker pool, the single-thread fallback. Not
  // range-worker.ts: workers run the scanner's module factories and the worker body from their source text
  // (worker-source.ts, Function.prototype.toString), and Stryker's mutation switches call helpers defined at the
  // top of the instrumented file, which that text does not carry, so an instrumented worker body cannot run at all;
  // the worker body is checked by the 1-vs-N-thread differential tests instead. The exact files run first (a few
  // seconds each with real files and threads): piece bounds, the pool driven directly, scanFiles on hand-built
  // files, its debug log (one child process); then the bundle check and the older scan-files cases; its multi-MiB chunk differential (scan-files.chunks)
  // and scan-pipelines take 25–40 s each, so only the mutants those first files let through pay for them.
  'files-scan': {
    mutate: [
      'src/sources/files/scan/scan-files.ts',
      'src/sources/files/scan/worker-pool.ts',
      'src/sources/files/scan/worker-source.ts',
      'src/sources/files/scan/scan-modules.ts',
      'src/sources/files/scan/read-file-documents.ts',
      'src/sources/files/scan/line-aligned-bounds.ts',
    ],
    tests: [
      'test/sources/files/scan/line-aligned-bounds.test.ts',
      'test/sources/files/scan/worker-pool.test.ts',
      'test/sources/files/scan/scan-files.exact.test.ts',
      'test/sources/files/scan/scan-files.debug.test.ts',
      'test/sources/files/scan/worker-source.test.ts',
      'test/sources/files/scan/scan-files.test.ts',
      'test/sources/files/scan/scan-files.chunks.test.ts',
      'test/sources/files/scan/scan-pipelines.test.ts',
    ],
  },
  // The file source itself (reads, the count-by pushdown, fields, ping, describe), its count plan and createSource:
  // the exact focused files; the scanner's slow suites (scan-files, scan-pipelines) are left to files-scan.
  'files-source': {
    mutate: ['src/sources/files/file-source.ts', 'src/sources/files/plan-group-count.ts', 'src/sources/create-source.ts'],
    tests: ['test/sources/files/plan-group-count.test.ts', 'test/sources/create-source.test.ts', 'test/sources/files/file-source.pushdown.test.ts', 'test/sources/files/file-source.test.ts', 'test/sources/create-source.issues.test.ts', 'test/sources/files/file-source.groups.test.ts'],
  },
  'server-auth': {
    mutate: ['src/server/middleware/auth.ts', 'src/server/token.ts', 'src/server/problem.ts'],
    tests: ['test/server/problem.test.ts', 'test/server/token.test.ts', 'test/server/auth.test.ts', 'test/server/ui/sign-in.test.ts'],
  },
  // The sequence operators' core (src/core/sequence): their exact unit files first, then the property suite, then the
  // operator files that run them through the pipeline and the conformance suite against the independent reference.
  'core-sequence': {
    mutate: ['src/core/sequence/**/*.ts'],
    tests: [
      ...testsIn('test/core/sequence', (f) => f.includes('property')),
      'test/core/sequence/sequence.property.test.ts',
      ...SEQUENCE_OPERATOR_TESTS,
    ],
  },
  // The analytics (src/core/analytics): their exact unit files, then the operators over them and the conformance suite.
  'core-analytics': {
    mutate: ['src/core/analytics/**/*.ts'],
    tests: [...testsIn('test/core/analytics', (f) => /elasticsearch|e2e/.test(f)), 'test/core/operators/analytics-operators.test.ts', 'test/core/operators/conformance.test.ts'],
  },
  // The operator definitions (src/core/operators) in two halves, so each run fits on a loaded machine.
  'core-operators-a': {
    oneProcess: true,
    mutate: ['src/core/operators/!(sequence-*|segment|sessionize|stitch-users|collapse-repeats|drop-dangling|intervals|neighbours|sandwich|rewrite|resample|sample).ts'],
    tests: OPERATOR_TESTS,
  },
  'core-operators-b': {
    oneProcess: true,
    mutate: ['src/core/operators/{sequence-*,segment,sessionize,stitch-users,collapse-repeats,drop-dangling,intervals,neighbours,sandwich,rewrite,resample,sample}.ts'],
    tests: OPERATOR_TESTS,
  },
  // The pipeline contract: parsing, the registry, the runner, the ordered partitions, frame kinds, streams, warnings.
  // One process per mutant (oneProcess): nearly every mutant here is reached by every file, so a process per file
  // cost ~1.2 s of start-up ten times over.
  'core-pipeline': {
    oneProcess: true,
    mutate: ['src/core/partition.ts', 'src/core/pipeline/**/*.ts', 'src/core/frame-kinds.ts', 'src/core/stream.ts', 'src/core/warnings.ts'],
    tests: [
      'test/core/partition.test.ts',
      'test/core/frame-kinds.test.ts',
      'test/core/stream-tee.test.ts',
      'test/core/stream.test.ts',
      'test/core/warnings.test.ts',
      ...testsIn('test/core/pipeline'),
      'test/core/output/records.test.ts',
      'test/core/operators/simple-ops.test.ts',
      'test/core/operators/conformance.test.ts',
    ],
  },
  // The rest of src/core: errors, events, field paths, frames, limits, role columns, validation (source.ts is types
  // only). Their exact unit files first; the query and mapping schema files (validation through real schemas) last.
  'core-rest': {
    mutate: ['src/core/errors.ts', 'src/core/event.ts', 'src/core/field-path.ts', 'src/core/frame.ts', 'src/core/limits.ts', 'src/core/role-columns.ts', 'src/core/validation.ts'],
    tests: [
      'test/core/errors.test.ts',
      'test/core/event.test.ts',
      'test/core/field-path.test.ts',
      'test/core/frame.test.ts',
      'test/core/limits.test.ts',
      'test/core/role-columns.test.ts',
      'test/core/validation.test.ts',
      'test/core/query/query-schema.test.ts',
      'test/core/schema/mapping-schema.test.ts',
    ],
  },
};

const scope = process.env.DISTILL_MUTATION_SCOPE ?? 'core-time';
const chosen = SCOPES[scope];
if (chosen === undefined) throw new Error(`Unknown mutation scope ${scope}: one of ${Object.keys(SCOPES).join(', ')}`);

/**
 * A scope marked `oneProcess` runs its test files in one node:test process per mutant: a generated entry
 * (.mutation-entry/<scope>.test.ts, not committed) imports them in the listed order, so tests run in that order and
 * forceBail stops the process at the first failure. It saves the per-file process start-up (tsx, imports) where most
 * mutants are reached by most files; the files must not share global state (none of the listed ones does).
 */
function oneProcessEntry(name, files) {
  const dir = path.join(import.meta.dirname, '.mutation-entry');
  mkdirSync(dir, { recursive: true });
  // Incremental mode compares test files by their text, and this entry is the only test file Stryker sees: the hash
  // of the imported files' text makes the entry change whenever one of them does, so their results are not reused.
  const hash = createHash('sha256');
  for (const f of files) hash.update(readFileSync(path.join(import.meta.dirname, f)));
  writeFileSync(
    path.join(dir, `${name}.test.ts`),
    `// Generated by stryker.config.mjs (scope ${name}): its test files in one process. Their text: sha256 ${hash.digest('hex')}\n${files.map((f) => `import '../${f}';`).join('\n')}\n`,
  );
  return `.mutation-entry/${name}.test.ts`;
}
const testFiles = chosen.oneProcess === true ? [oneProcessEntry(scope, chosen.tests)] : chosen.tests;

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'tap',
  tap: {
    testFiles,
    nodeArgs: ['--import', 'tsx', '--test-reporter=tap', '-r', '{{hookFile}}', '{{testFile}}'],
    forceBail: true,
  },
  checkers: process.env.DISTILL_MUTATION_TYPECHECK === '0' ? [] : ['typescript'],
  // The checker only judges whether a mutant type-checks: src/ alone is enough, and much faster than the whole project.
  tsconfigFile: 'tsconfig.stryker.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  mutate: chosen.mutate,
  ignorePatterns: ['scripts/es-node/.data', '.bench', '.scratch', 'scripts/flagon/.venv', 'clients/python/build', 'dist-python', 'test-output', 'build/out', 'build/.cache*', 'reports', '.stryker-tmp*', 'dist', '.venv', '.venv.lock', 'bench/results'],
  coverageAnalysis: 'perTest',
  // One test process by default (the machine is small and shared); DISTILL_MUTATION_CONCURRENCY=2 on an idle 2-core machine.
  concurrency: Number(process.env.DISTILL_MUTATION_CONCURRENCY ?? 1),
  timeoutMS: 20000,
  incremental: true,
  incrementalFile: `reports/mutation/${scope}.incremental.json`,
  reporters: ['clear-text', 'json', 'progress'],
  jsonReporter: { fileName: `reports/mutation/${scope}.json` },
  // One sandbox folder per scope: a run's clean-up then cannot remove the sandbox of another scope's run.
  tempDirName: `.stryker-tmp-${scope}`,
  cleanTempDir: 'always',
  disableTypeChecks: '{src,test}/**/*.ts',
};
