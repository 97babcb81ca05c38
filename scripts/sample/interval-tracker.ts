/**
 * What UserALE.js 2.4.0's `packageIntervalLog` reports when a run of same-target, same-type events ends.
 *
 * Field meanings follow the library: `startTime` is the floored time of the first event of the run, `endTime`
 * the floored time of the event that ended it (so `duration = endTime - startTime` is negative when that event
 * carries an earlier clock reading), `count` is what 2.4.0 reports — always 0, because its counter starts at 0
 * and only increments when already non-zero.
 */
export interface IntervalRecord {
  readonly target: string;
  readonly path: readonly string[];
  readonly type: string;
  readonly count: number;
  readonly duration: number;
  readonly startTime: number;
  readonly endTime: number;
  readonly targetChange: boolean;
  readonly typeChange: boolean;
}

/** The DOM event types UserALE 2.4.0 tracks as intervals (listeners on `document`). */
export const INTERVAL_EVENT_TYPES: ReadonlySet<string> = new Set([
  "click",
  "focus",
  "blur",
  "input",
  "change",
  "mouseover",
  "submit",
]);

/**
 * Per-page interval state, fed every interval-tracked event in dispatch order. A new page load starts a fresh
 * tracker (UserALE's module state is re-initialised), and the run still open when a page closes is never
 * reported — exactly as in the library. Cost: O(1) per event.
 *
 * @example
 * const tracker = createIntervalTracker();
 * tracker.observe("button#a", ["button#a"], "click", 1000.4); // → null (first run starts)
 * tracker.observe("input#b", ["input#b"], "blur", 997.9);
 * // → { target: "button#a", type: "click", startTime: 1000, endTime: 997, duration: -3, count: 0,
 * //     targetChange: true, typeChange: true, path: ["button#a"] }
 */
export function createIntervalTracker(): {
  observe(target: string, path: readonly string[], type: string, time: number): IntervalRecord | null;
} {
  let runTarget: string | null = null;
  let runType: string | null = null;
  let runPath: readonly string[] = [];
  let runStart = 0;
  return {
    observe(target, path, type, time) {
      const timestamp = Math.floor(time);
      if (runTarget === null) {
        runTarget = target;
        runType = type;
        runPath = path;
        runStart = timestamp;
        return null;
      }
      if (runTarget === target && runType === type) return null;
      const record: IntervalRecord = {
        target: runTarget,
        path: runPath,
        type: runType ?? type,
        count: 0,
        duration: timestamp - runStart,
        startTime: runStart,
        endTime: timestamp,
        targetChange: runTarget !== target,
        typeChange: runType !== type,
      };
      runTarget = target;
      runType = type;
      runPath = path;
      runStart = timestamp;
      return record;
    },
  };
}
