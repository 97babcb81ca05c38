import { jsonScannerModule, type JsonScannerModule } from './json-scanner.js';
import { ndjsonLinesModule, type NdjsonLinesModule } from './ndjson-lines.js';
import { projectionTreeModule, type ProjectionTreeModule } from './projection-tree.js';
import { SCAN_KERNEL_WASM } from './scan-kernel-wasm.js';
import { wasmScannerModule } from './wasm-scanner.js';

export interface ScanModules {
  readonly tree: ProjectionTreeModule;
  readonly scanner: JsonScannerModule;
  readonly lines: NdjsonLinesModule;
}

let modules: ScanModules | undefined;

/**
 * The scanner's self-contained module factories (the JSON scanner behind its WebAssembly kernel), instantiated once
 * for the main thread (workers instantiate them from their source text, see `worker-source.ts`).
 */
export function scanModules(): ScanModules {
  if (modules === undefined) {
    const tree = projectionTreeModule();
    const scanner = wasmScannerModule(tree, jsonScannerModule(tree), SCAN_KERNEL_WASM);
    modules = { tree, scanner, lines: ndjsonLinesModule(scanner) };
  }
  return modules;
}
