import { mkdtemp, open, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { SpillRun, SpillStore } from '../core/sort/spill-store.js';

/** Records per frame written to a run file. */
const FRAME_RECORDS = 2000;

export interface TempSpillOptions {
  /** Parent of the private scratch directory (default: the OS temp directory). */
  readonly dir?: string | undefined;
}

/**
 * A spill store in a private directory created on first use under the OS temp directory (`distill-sort-XXXXXX`,
 * mode 0700), removed with everything in it by `dispose()`. Runs are files of length-prefixed V8-serialised frames
 * of records, so any structured-cloneable value round-trips exactly (including `undefined` roles). Distill's own
 * scratch space: never next to the source data, never kept after a run.
 */
export function createTempSpill(options: TempSpillOptions = {}): SpillStore {
  let dir: Promise<string> | undefined;
  let count = 0;
  let disposed = false;
  const directory = (): Promise<string> => (dir ??= mkdtemp(path.join(options.dir ?? os.tmpdir(), 'distill-sort-')));
  return {
    async writeRun(records) {
      if (disposed) throw new Error('spill store already disposed');
      const file = path.join(await directory(), `run-${count++}.bin`);
      const handle = await open(file, 'wx', 0o600);
      try {
        for (let i = 0; i < records.length; i += FRAME_RECORDS) {
          const body = serialize(records.slice(i, i + FRAME_RECORDS));
          const head = Buffer.allocUnsafe(4);
          head.writeUInt32LE(body.length, 0);
          await handle.write(head);
          await handle.write(body);
        }
      } finally {
        await handle.close();
      }
      return runReader(file);
    },
    async dispose() {
      disposed = true;
      if (dir === undefined) return;
      const d = await dir.catch(() => undefined);
      if (d !== undefined) await rm(d, { recursive: true, force: true });
    },
  };
}

function runReader(file: string): SpillRun {
  return {
    async *read() {
      const handle = await open(file, 'r');
      try {
        const head = Buffer.allocUnsafe(4);
        let position = 0;
        for (;;) {
          const { bytesRead } = await handle.read(head, 0, 4, position);
          if (bytesRead === 0) return;
          if (bytesRead < 4) throw new Error(`spill run ${file} is truncated`);
          const length = head.readUInt32LE(0);
          const body = Buffer.allocUnsafe(length);
          const got = await handle.read(body, 0, length, position + 4);
          if (got.bytesRead < length) throw new Error(`spill run ${file} is truncated`);
          position += 4 + length;
          yield deserialize(body) as unknown[];
        }
      } finally {
        await handle.close();
      }
    },
  };
}
