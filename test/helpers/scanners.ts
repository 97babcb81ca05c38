import { test as nodeTest } from 'node:test';
import { jsonScannerModule, type JsonScannerModule } from '../../src/sources/files/scan/json-scanner.js';
import { scanModules } from '../../src/sources/files/scan/scan-modules.js';
import { SCAN_KERNEL_WASM } from '../../src/sources/files/scan/scan-kernel-wasm.js';
import { wasmScannerModule } from '../../src/sources/files/scan/wasm-scanner.js';

/** The two JSON scanners every scanner test runs against: the JavaScript scanner alone, and the WebAssembly kernel in front of it (what reads use). */
export function scannersUnderTest(): { tree: ReturnType<typeof scanModules>['tree']; scanners: readonly { name: string; scanner: JsonScannerModule }[] } {
  const { tree } = scanModules();
  const js = jsonScannerModule(tree);
  const wasm = wasmScannerModule(tree, js, SCAN_KERNEL_WASM);
  if (!wasm.active) throw new Error('the WebAssembly kernel did not start');
  return { tree, scanners: [{ name: 'javascript', scanner: js }, { name: 'webassembly', scanner: wasm }] };
}

/**
 * `test`, registered once per scanner: `use` receives the scanner before each run of `body` (tests of a file run one
 * after another, so a file's helpers can read the scanner from a module variable).
 */
export function eachScanner(use: (scanner: JsonScannerModule) => void): (name: string, body: () => void) => void {
  const { scanners } = scannersUnderTest();
  return (name, body) => {
    for (const { name: kind, scanner } of scanners) {
      nodeTest(`${kind}: ${name}`, () => {
        use(scanner);
        body();
      });
    }
  };
}
