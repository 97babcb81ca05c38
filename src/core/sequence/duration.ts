/** `<number><unit>` with units ms, s, m, h, d (fractions allowed: `1.5s`), or a bare number of milliseconds. */
export const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * A duration in milliseconds from a number (ms) or text (`500ms`, `2s`, `30m`, `1h`, `1d`); undefined when the
 * text is not a duration or the value is negative or not finite. Cost: one regex.
 *
 * @example parseDuration('30m') // → 1800000
 * @example parseDuration(2500) // → 2500
 */
export function parseDuration(value: number | string): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  const m = DURATION.exec(value.trim());
  if (m === null) return undefined;
  return Number(m[1]) * UNIT_MS[m[2]!]!;
}
