/**
 * A binary min-heap ordered by a caller-supplied comparison; the generator uses it to release batches in
 * arrival order across all concurrently active sessions. Cost: O(log n) per push/pop, O(1) peek.
 *
 * @example
 * const heap = createMinHeap<number>((a, b) => a - b);
 * [5, 1, 3].forEach((n) => heap.push(n));
 * heap.pop(); // → 1
 * heap.size(); // → 2
 */
export function createMinHeap<T>(compare: (a: T, b: T) => number): {
  push(item: T): void;
  pop(): T | undefined;
  peek(): T | undefined;
  size(): number;
} {
  const items: T[] = [];
  const swap = (i: number, j: number): void => {
    const tmp = items[i] as T;
    items[i] = items[j] as T;
    items[j] = tmp;
  };
  return {
    push(item) {
      items.push(item);
      let i = items.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (compare(items[i] as T, items[parent] as T) >= 0) break;
        swap(i, parent);
        i = parent;
      }
    },
    pop() {
      if (items.length === 0) return undefined;
      const top = items[0] as T;
      const last = items.pop() as T;
      if (items.length > 0) {
        items[0] = last;
        let i = 0;
        for (;;) {
          const left = 2 * i + 1;
          const right = left + 1;
          let smallest = i;
          if (left < items.length && compare(items[left] as T, items[smallest] as T) < 0) smallest = left;
          if (right < items.length && compare(items[right] as T, items[smallest] as T) < 0) smallest = right;
          if (smallest === i) break;
          swap(i, smallest);
          i = smallest;
        }
      }
      return top;
    },
    peek() {
      return items[0];
    },
    size() {
      return items.length;
    },
  };
}
