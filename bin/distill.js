#!/usr/bin/env node
// The npm-installed `distill` command: the compiled CLI (built by `npm run build`, which `npm ci` runs via `prepare`).
import '../dist/bin/distill.js';
