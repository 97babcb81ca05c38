import { batchCodecModule } from './batch-codec.js';
import { groupCountModule } from './group-count.js';
import { jsonScannerModule } from './json-scanner.js';
import { ndjsonLinesModule } from './ndjson-lines.js';
import { projectionTreeModule } from './projection-tree.js';
import { rangeWorkerMain } from './range-worker.js';
import { SCAN_KERNEL_WASM } from './scan-kernel-wasm.js';
import { wasmScannerModule } from './wasm-scanner.js';

let source: string | undefined;

/**
 * The scanning worker's program as source text, for `new Worker(text, { eval: true })`: the scanner's
 * self-contained module factories (the JSON scanner behind its WebAssembly kernel, whose bytes are inlined) and the
 * worker body, each by its own `Function.prototype.toString`. Built from text because a single-file executable (a
 * bundled CommonJS script inside a Node SEA) has no module file a worker could load; the same text works under tsx,
 * from the npm package and from the bundle. `__name` is the helper esbuild's `keepNames` (used by tsx) calls inside
 * functions; it is defined as a no-op.
 */
export function workerSource(): string {
  source ??= [
    'var __name = (target, value) => target;',
    `const tree = (${projectionTreeModule.toString()})();`,
    `const js = (${jsonScannerModule.toString()})(tree);`,
    `const scanner = (${wasmScannerModule.toString()})(tree, js, ${JSON.stringify(SCAN_KERNEL_WASM)});`,
    `const lines = (${ndjsonLinesModule.toString()})(scanner);`,
    `const codec = (${batchCodecModule.toString()})();`,
    `const groups = (${groupCountModule.toString()})();`,
    `(${rangeWorkerMain.toString()})(tree, lines, codec, groups, scanner);`,
  ].join('\n');
  return source;
}
