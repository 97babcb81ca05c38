import type { Writable } from 'node:stream';
import type { Progress } from '../core/source.js';

/**
 * A progress line on standard error, redrawn at most every 200 ms, only when stderr is a terminal (never in
 * pipes, files or CI logs). `clear()` erases it before results or warnings are written.
 */
export function createProgress(stderr: Writable, enabled: boolean): { update: (p: Progress) => void; clear: () => void } {
  let last = 0;
  let shown = false;
  return {
    update(p) {
      if (!enabled) return;
      const now = Date.now();
      if (now - last < 200) return;
      last = now;
      const done = p.unit === 'bytes' ? mb(p.done) : `${p.done}`;
      const total = p.total === undefined || p.total === 0 ? '' : ` / ${p.unit === 'bytes' ? mb(p.total) : p.total}`;
      const pct = p.total === undefined || p.total === 0 ? '' : ` (${Math.min(100, Math.floor((p.done / p.total) * 100))}%)`;
      stderr.write(`\r\x1b[2Kreading ${done}${total}${p.unit === 'bytes' ? ' MB' : ' documents'}${pct}`);
      shown = true;
    },
    clear() {
      if (shown) stderr.write('\r\x1b[2K');
      shown = false;
    },
  };
}

function mb(bytes: number): string {
  return (bytes / 1048576).toFixed(1);
}
