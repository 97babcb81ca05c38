import { readdirSync, readlinkSync, realpathSync } from 'node:fs';

/** How many of this process's descriptors (its worker threads' included) are open on `file` (Linux /proc). */
export function descriptorsOn(file: string): number {
  const real = realpathSync(file);
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === real;
    } catch {
      return false; // the descriptor readdir itself used, closed by now
    }
  }).length;
}
