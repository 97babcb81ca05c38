import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summarize } from '../../../../ui/src/stats/summary.js';

// Reference (python3-pandas from Debian, run once by hand): s = pd.Series([66, 83, 100, 152, 197, 206, 452]);
// s.describe() → mean 179.428571, std 131.99476901612067 (ddof=1), 25% 91.5, 50% 152.0, 75% 201.5 (linear).
test('matches pandas describe(): sample SD and linearly interpolated quartiles', () => {
  const s = summarize([452, 206, 197, 152, 100, 83, 66]);
  assert.deepEqual([s.n, s.sum, s.min, s.q1, s.median, s.q3, s.max], [7, 1256, 66, 91.5, 152, 201.5, 452]);
  assert.ok(Math.abs(s.mean - 179.428571) < 1e-6);
  assert.ok(Math.abs(s.sd - 131.99476901612067) < 1e-9);
});

test('one value has SD 0 and every quantile equal to it; no values give NaN', () => {
  const one = summarize([5]);
  assert.deepEqual([one.sd, one.q1, one.median, one.q3], [0, 5, 5, 5]);
  assert.ok(Number.isNaN(summarize([]).mean));
});
