import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compare, runFlagon, type CompareReport } from '../../../scripts/flagon/compare.js';

// Real Python: the venv with flagon-distill 0.1.0 from PyPI is created on first use (scripts/flagon/setup-venv.sh).
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const summary = (r: CompareReport) =>
  Object.fromEntries(Object.entries(r.functions).map(([k, v]) => [k, [v.equalUsers, v.differentUsers, v.flagonErrors.length, v.explained?.equalUsers ?? null]]));

test('edge cases: every difference from Flagon Distill is reproduced by re-enacting the named Flagon flaw', { timeout: 600_000 }, async () => {
  const file = path.join(root, 'scripts/flagon/edge-cases.ndjson');
  const report = await compare(file, runFlagon(file));
  // [users equal, users different, Flagon errors, users equal once Flagon's flaw is re-enacted]
  assert.deepEqual(summary(report), {
    create_segment: [4, 0, 0, null],
    generate_segments: [3, 1, 0, 1],
    detect_deadspace: [4, 0, 0, null],
    generate_fixed_time_segments: [3, 1, 0, 1],
    generate_fixed_time_segments_trim: [3, 1, 0, 1],
    generate_collapsing_window_segments: [2, 1, 1, 1],
    union: [1, 0, 0, null],
    intersection: [0, 1, 0, 1],
    difference: [1, 0, 0, null],
  });
  assert.deepEqual(report.functions.generate_collapsing_window_segments!.flagonErrors, ['runend: IndexError: list index out of range']);
  assert.deepEqual(report.probes.getUUID, { error: "KeyError: 'sessionID'", where: 'getUUID' });
  assert.deepEqual(report.probes.deadspaceGapsLostWhenReversed, 1);
});

test('bundled sample: equal wherever Flagon can run; its crashes, key collisions and order dependence measured', { timeout: 600_000 }, async () => {
  const file = path.join(root, 'dist-config/sample/userale-sample.ndjson');
  const report = await compare(file, runFlagon(file));
  assert.deepEqual(summary(report), {
    create_segment: [8, 0, 0, null],
    generate_segments: [8, 0, 0, null],
    detect_deadspace: [8, 0, 0, null],
    generate_fixed_time_segments: [8, 0, 0, null],
    generate_fixed_time_segments_trim: [8, 0, 0, null],
    generate_collapsing_window_segments: [8, 0, 0, null],
    union: [8, 0, 0, null],
    intersection: [0, 8, 0, 8],
    difference: [8, 0, 0, null],
  });
  assert.deepEqual(report.probes, {
    getUUID: { error: "KeyError: 'sessionID'", where: 'getUUID' },
    uuidRecipe: { logs: 2529, distinctKeys: 1737, logsSharingAKey: 792 },
    deadspaceOnAllLogs: { error: "KeyError: 'clientTime'", where: 'detect_deadspace' },
    deadspaceGapsFoundSorted: 28,
    deadspaceGapsLostWhenReversed: 28,
  });
});
