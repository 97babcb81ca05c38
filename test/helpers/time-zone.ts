/**
 * Run code with the process in another time zone. Node re-reads `process.env.TZ` when it is assigned, so the
 * local-time methods of `Date` follow it at once; the previous zone is restored afterwards. The zone is checked
 * to be in effect (a Node built without full ICU would silently stay in UTC and the test would prove nothing).
 */
export async function inTimeZone<T>(zone: string, run: () => T | Promise<T>): Promise<T> {
  const previous = process.env.TZ;
  process.env.TZ = zone;
  try {
    const probe = new Date(Date.UTC(2024, 0, 15, 12)).getTimezoneOffset();
    if (probe === 0) throw new Error(`TZ=${zone} is not in effect: this Node cannot switch time zones`);
    return await run();
  } finally {
    if (previous === undefined) delete process.env.TZ;
    else process.env.TZ = previous;
  }
}

/** Zones every time-sensitive test runs in: behind UTC with DST, a half-hour offset, a 45-minute offset ahead. */
export const TEST_ZONES = ['America/New_York', 'Asia/Kolkata', 'Pacific/Chatham'] as const;
