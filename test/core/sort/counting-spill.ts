import type { SpillStore } from '../../../src/core/sort/spill-store.js';
import { createTempSpill } from '../../../src/scratch/temp-spill.js';

/** A real temp-directory spill store in `dir` that counts the runs written and records whether it was disposed. */
export function countingSpill(dir: string): { make: () => SpillStore; runs: () => number; disposed: () => boolean } {
  let runs = 0;
  let disposed = false;
  return {
    make: () => {
      const inner = createTempSpill({ dir });
      return {
        writeRun: async (records) => {
          runs++;
          return inner.writeRun(records);
        },
        dispose: async () => {
          disposed = true;
          await inner.dispose();
        },
      };
    },
    runs: () => runs,
    disposed: () => disposed,
  };
}
