import type { SpillStore } from '../../../src/core/sort/spill-store.js';

/**
 * A spill store in memory that keeps every run for inspection, reads runs back `batchSize` records at a time with an
 * empty batch before and after each (the port allows empty batches; readers must skip them), and records which runs'
 * readers were closed and how often the store was disposed. The real store (`createTempSpill`) is tested beside it;
 * this one lets a test see the runs themselves.
 */
export function memorySpill(batchSize = 2): {
  make: () => SpillStore;
  runs: unknown[][];
  closed: number[];
  stores: () => number;
  disposals: () => number;
} {
  const runs: unknown[][] = [];
  const closed: number[] = [];
  let stores = 0;
  let disposals = 0;
  return {
    make: () => {
      stores++;
      return {
        writeRun: async (records) => {
          const index = runs.length;
          const copy = [...records];
          runs.push(copy);
          return {
            read: () =>
              (async function* () {
                try {
                  yield [];
                  for (let i = 0; i < copy.length; i += batchSize) {
                    yield copy.slice(i, i + batchSize);
                    yield [];
                  }
                } finally {
                  closed.push(index);
                }
              })(),
          };
        },
        dispose: async () => {
          disposals++;
        },
      };
    },
    runs,
    closed,
    stores: () => stores,
    disposals: () => disposals,
  };
}
