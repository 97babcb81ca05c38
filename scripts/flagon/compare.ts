/**
 * Side by side with Apache Flagon Distill: run Flagon's segmentation functions (PyPI `flagon-distill` 0.1.0, in the
 * venv made by setup-venv.sh) and Distill's sequence algorithms on the same UserALE file, per user, and report for
 * each function where the answers are equal and where they differ, with the cause of each difference checked by a
 * second Distill run that reproduces Flagon's flaw (so "differs because of X" is demonstrated, not asserted).
 *
 *   npx tsx scripts/flagon/compare.ts [file.ndjson]    (default: the bundled sample) → JSON report on stdout
 *
 * Both sides see the logs that carry an integer clientTime, ordered by (clientTime, line): Flagon's functions
 * require that and crash otherwise (recorded in the report's probes). Distill reads them through its file source
 * with time = clientTime (no microTime fraction, so both sides use the same integers).
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CanonicalEvent } from '../../src/core/event.js';
import { readEvents } from '../../src/library.js';
import { USERALE_MAPPING } from '../../src/core/schema/presets/userale.js';
import { compileCondition } from '../../src/core/query/compile-predicate.js';
import type { Condition } from '../../src/core/query/query-schema.js';
import { compareWithinPartition } from '../../src/core/partition.js';
import { explicitWindows } from '../../src/core/sequence/explicit-windows.js';
import { anchoredWindows } from '../../src/core/sequence/anchored-windows.js';
import { idleGaps } from '../../src/core/sequence/idle-gaps.js';
import { fixedWindows } from '../../src/core/sequence/fixed-windows.js';
import { collapsingWindows } from '../../src/core/sequence/collapsing-windows.js';
import { differenceSegments, intersectionSegments, unionSegments } from '../../src/core/sequence/segment-set-ops.js';
import type { Segment } from '../../src/core/sequence/segment.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

/** A segment as both sides report it: ids are `#<line>`. */
export interface Seg {
  readonly name: string;
  readonly start: number | null;
  readonly end: number | null;
  readonly count: number;
  readonly ids: readonly string[];
}

type Attempt<T> = { ok: T } | { error: string; where: string };

export interface FlagonOutput {
  readonly flagon: string;
  readonly logs: number;
  readonly getUUID: Attempt<number>;
  readonly uuidRecipe: { logs: number; distinctKeys: number };
  readonly allLogsDeadspace: Attempt<number>;
  readonly users: Record<string, Record<string, Attempt<Seg[]>>>;
}

/** One function's comparison over all users. */
export interface FunctionReport {
  readonly distill: string;
  readonly equalUsers: number;
  readonly differentUsers: number;
  readonly flagonErrors: readonly string[];
  /** When Distill differs: the difference is reproduced by Distill with Flagon's flaw built in (equal then). */
  readonly explained?: { readonly flaw: string; readonly equalUsers: number; readonly differentUsers: number } | undefined;
  readonly note?: string | undefined;
  readonly example?: { readonly user: string; readonly flagon: unknown; readonly distill: unknown } | undefined;
}

export interface CompareReport {
  readonly file: string;
  readonly flagon: string;
  readonly probes: Record<string, unknown>;
  readonly functions: Record<string, FunctionReport>;
}

const MIN = 60_000;

function shortId(id: string): string {
  return id.slice(id.lastIndexOf('#'));
}

function seg(s: Segment): Seg {
  return { name: s.name, start: s.start, end: s.end, count: s.count, ids: s.eventIds.map(shortId) };
}

const sortedIds = (s: Seg): Seg => ({ ...s, ids: [...s.ids].sort() });

function when(c: Condition): (e: CanonicalEvent) => boolean {
  return compileCondition(c, { now: 0 });
}

/** Run Flagon in its venv on a file. */
export function runFlagon(file: string): FlagonOutput {
  const python = execFileSync('bash', [path.join(here, 'setup-venv.sh')], { encoding: 'utf8' }).trim();
  return JSON.parse(execFileSync(python, [path.join(here, 'flagon_segments.py'), file], { encoding: 'utf8', maxBuffer: 1 << 30 })) as FlagonOutput;
}

/** Read a file with Distill: logs with a clientTime, time = clientTime, partitioned by user (String(userId)). */
export async function distillPartitions(file: string): Promise<Map<string, CanonicalEvent[]>> {
  const byUser = new Map<string, CanonicalEvent[]>();
  const schema = { ...USERALE_MAPPING, time: ['clientTime'] };
  for await (const batch of readEvents(file, { schema, query: { where: { field: 'clientTime', op: 'exists', value: true } } })) {
    for (const e of batch) {
      const key = e.user ?? 'None';
      const list = byUser.get(key);
      if (list === undefined) byUser.set(key, [e]);
      else list.push(e);
    }
  }
  for (const [k, list] of byUser) byUser.set(k, [...list].sort(compareWithinPartition));
  return byUser;
}

type Runner = (events: CanonicalEvent[]) => Seg[];

/** Distill's equivalent of each Flagon call (same parameters as flagon_segments.py), and Flagon's flaw re-enacted. */
function runners(): Record<string, { distill: string; run: Runner; flaw?: { name: string; run: Runner }; normalise?: (s: Seg) => Seg; note?: string }> {
  const click = when({ field: 'type', op: 'eq', value: 'click' });
  const clickSubstring = when({ field: 'type', op: 'contains', value: 'click' });
  const scroll = when({ field: 'type', op: 'in', value: ['scroll', 'wheel'] });
  const firstTime = (events: CanonicalEvent[]): number => events.find((e) => e.time !== undefined)!.time!;
  const fixed = (events: CanonicalEvent[], trim: boolean, closed: 'left' | 'both') =>
    fixedWindows(events, { size: MIN, align: 'first', trim, keepEmpty: true, closed, label: 'w', maxWindows: 1e6 }).map(seg);
  const gen = (events: CanonicalEvent[], anchor = click) =>
    anchoredWindows(events, { anchor, before: 1000, after: 2000, overlap: 'clip', closed: 'both', label: 'c' });
  const dead = (events: CanonicalEvent[]) => idleGaps(events, { limit: MIN, before: 0, after: 0, closed: 'both', label: 'idle' });
  const setOp = (events: CanonicalEvent[], op: typeof unionSegments, name: string, anchor = click): Seg[] => {
    const a = gen(events, anchor)[0];
    const b = dead(events)[0];
    if (a === undefined || b === undefined) return [];
    const pos = new Map(events.map((e, i) => [e.id, i]));
    return [seg(op(name, a, b, (id) => pos.get(id)!))];
  };
  return {
    create_segment: {
      distill: "segment { mode: 'explicit', closed: 'both' }",
      run: (events) => {
        const t = firstTime(events);
        return explicitWindows(events, [{ name: 'w0', start: t, end: t + MIN }, { name: 'w1', start: t + MIN, end: t + 2 * MIN }], 'both').map(seg);
      },
    },
    generate_segments: {
      distill: "segment { mode: 'anchored', where: { field: 'type', op: 'eq', value: 'click' }, before: 1s, after: 2s, overlap: 'clip', closed: 'both' }",
      run: (events) => gen(events).map(seg),
      flaw: { name: "substring match: Flagon's `item in value` treats 'dblclick' as a 'click'", run: (events) => gen(events, clickSubstring).map(seg) },
    },
    detect_deadspace: {
      distill: "segment { mode: 'idle', limit: 60s, closed: 'both' }",
      run: (events) => dead(events).map(seg),
    },
    generate_fixed_time_segments: {
      distill: "segment { mode: 'fixed', size: 60s, align: 'first' } (half-open)",
      run: (events) => fixed(events, false, 'left'),
      flaw: {
        name: "inclusive windows: an event exactly on a boundary is in two windows; and Flagon stops at `start < last`, so when the span is an exact multiple the last event's own window is missing",
        run: (events) => {
          const out = fixed(events, false, 'both');
          const last = events.filter((e) => e.time !== undefined).at(-1)!.time!;
          return out.filter((s) => s.start! < last || out.length === 1);
        },
      },
    },
    generate_fixed_time_segments_trim: {
      distill: "segment { mode: 'fixed', size: 60s, align: 'first', trim: true } (half-open)",
      run: (events) => fixed(events, true, 'left'),
      flaw: { name: 'inclusive windows: an event exactly on a boundary is in two windows', run: (events) => fixed(events, true, 'both') },
    },
    generate_collapsing_window_segments: {
      distill: "segment { mode: 'collapsing', where: { field: 'type', op: 'in', value: ['scroll', 'wheel'] } }",
      run: (events) => collapsingWindows(events, scroll, 's').map(seg),
      flaw: {
        name: 'membership by time: Flagon re-selects every log with clientTime in [run start, run end], pulling in other logs at the same milliseconds',
        run: (events) => explicitWindows(events, collapsingWindows(events, scroll, 's').map((s) => ({ name: s.name, start: s.start!, end: s.end! })), 'both').map(seg),
      },
    },
    union: { distill: "segment { combine: [{ op: 'union' }] }", run: (events) => setOp(events, unionSegments, 'u'), normalise: sortedIds },
    intersection: {
      distill: "segment { combine: [{ op: 'intersection' }] }",
      run: (events) => setOp(events, intersectionSegments, 'i'),
      normalise: sortedIds,
      flaw: {
        name: "Flagon gives an intersection the union's span instead of the overlap",
        run: (events) => {
          const u = setOp(events, unionSegments, 'u');
          return setOp(events, intersectionSegments, 'i').map((s, k) => ({ ...s, start: u[k]!.start, end: u[k]!.end }));
        },
      },
    },
    difference: { distill: "segment { combine: [{ op: 'difference' }] }", run: (events) => setOp(events, differenceSegments, 'd'), normalise: sortedIds },
  };
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Compare Flagon's output with Distill's on the same file. */
export async function compare(file: string, flagon: FlagonOutput): Promise<CompareReport> {
  const partitions = await distillPartitions(file);
  const functions: Record<string, FunctionReport> = {};
  for (const [fn, r] of Object.entries(runners())) {
    let equal = 0;
    let different = 0;
    let flawEqual = 0;
    let flawDifferent = 0;
    const errors: string[] = [];
    let example: FunctionReport['example'];
    for (const [user, results] of Object.entries(flagon.users)) {
      const events = partitions.get(user) ?? [];
      const f = results[fn];
      if (f === undefined) continue;
      if ('error' in f) {
        errors.push(`${user}: ${f.error}`);
        continue;
      }
      const norm = r.normalise ?? ((s: Seg) => s);
      const fl = f.ok.map(norm);
      const ours = r.run(events).map(norm);
      if (same(fl, ours)) equal++;
      else {
        different++;
        if (example === undefined) {
          const k = fl.findIndex((s, i) => !same(s, ours[i]));
          example = { user, flagon: fl[k] ?? `${fl.length} segments`, distill: ours[k] ?? `${ours.length} segments` };
        }
        if (r.flaw !== undefined) {
          if (same(fl, r.flaw.run(events).map(norm))) flawEqual++;
          else flawDifferent++;
        }
      }
    }
    functions[fn] = {
      distill: r.distill,
      equalUsers: equal,
      differentUsers: different,
      flagonErrors: errors,
      ...(r.flaw !== undefined && different > 0 ? { explained: { flaw: r.flaw.name, equalUsers: flawEqual, differentUsers: flawDifferent } } : {}),
      ...(example !== undefined ? { example } : {}),
    };
  }
  // Order dependence: Flagon's deadspace on the same logs in reverse order finds no gap (negative deltas).
  let reversedLost = 0;
  let sortedFound = 0;
  for (const results of Object.values(flagon.users)) {
    const a = results.detect_deadspace;
    const b = results.detect_deadspace_reversed;
    if (a !== undefined && 'ok' in a) sortedFound += a.ok.length;
    if (a !== undefined && b !== undefined && 'ok' in a && 'ok' in b) reversedLost += a.ok.length - b.ok.length;
  }
  return {
    file: path.relative(root, file),
    flagon: flagon.flagon,
    probes: {
      getUUID: flagon.getUUID,
      uuidRecipe: { ...flagon.uuidRecipe, logsSharingAKey: flagon.uuidRecipe.logs - flagon.uuidRecipe.distinctKeys },
      deadspaceOnAllLogs: flagon.allLogsDeadspace,
      deadspaceGapsFoundSorted: sortedFound,
      deadspaceGapsLostWhenReversed: reversedLost,
    },
    functions,
  };
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = path.resolve(process.argv[2] ?? path.join(root, 'dist-config/sample/userale-sample.ndjson'));
  const report = await compare(file, runFlagon(file));
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}
