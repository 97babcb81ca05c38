import { getHeapStatistics } from 'node:v8';
import { DEFAULT_SORT_MEMORY_BYTES } from '../core/sort/spill-store.js';

/** Share of the JavaScript heap limit a sort may hold before it spills (one third: room for the stream around it). */
const HEAP_SHARE = 3;

/**
 * The sort budget used when neither the caller nor the config sets one: a third of this process's JavaScript heap
 * limit (V8's `heap_size_limit`: about 4 GiB on a 64-bit machine with 16 GiB or more, less on smaller machines or
 * with `--max-old-space-size`), never less than {@link DEFAULT_SORT_MEMORY_BYTES} (256 MiB). Data that fits in memory
 * is then sorted without writing runs to disk — spilling a sort the heap could hold costs serialisation and the GC
 * of every record twice — while larger inputs still spill and stay bounded by the budget. Cost: O(1).
 *
 * @example defaultSortMemoryBytes(4144 * 1048576) // → 1448432981 (V8's limit with 16 GiB or more of memory)
 */
export function defaultSortMemoryBytes(heapLimit: number = getHeapStatistics().heap_size_limit): number {
  return Math.max(DEFAULT_SORT_MEMORY_BYTES, Math.floor(heapLimit / HEAP_SHARE));
}
