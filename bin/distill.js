#!/usr/bin/env node
// The npm-installed `distill` command: the compiled CLI (built by `npm run build`, which `npm ci` runs via `prepare`).
// On Node 22.1 and later, compiled modules are cached (Node's own cache directory, under the OS temp directory;
// `NODE_COMPILE_CACHE` moves it, `NODE_DISABLE_COMPILE_CACHE=1` turns it off), so later starts skip compiling
// Distill's modules; Node 20 has no such API and starts as before. Imported after, hence the dynamic import.
import module from 'node:module';

module.enableCompileCache?.();
await import('../dist/bin/distill.js');
