import { parseIso } from './parse-iso.js';

/** How a source field encodes time. `auto`: numbers are epoch ms, numeric strings too, other strings ISO 8601. */
export type TimeFormat = 'auto' | 'epoch_ms' | 'epoch_s' | 'iso';

/**
 * Convert a raw field value to epoch milliseconds, or `undefined` when it is absent or unreadable.
 *
 * @example parseTimeValue(1700000000, 'epoch_s') // → 1700000000000
 * @example parseTimeValue('2024-05-01T00:00:00Z', 'auto') // → 1714521600000
 */
export function parseTimeValue(value: unknown, format: TimeFormat): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    if (format === 'epoch_s') return value * 1000;
    if (format === 'iso') return undefined;
    return value;
  }
  if (typeof value === 'string') {
    const text = value.trim();
    if (text === '') return undefined;
    if (format !== 'iso' && NUMERIC.test(text)) {
      const n = Number(text);
      return format === 'epoch_s' ? n * 1000 : n;
    }
    if (format === 'epoch_ms' || format === 'epoch_s') return undefined;
    return parseIso(text);
  }
  return undefined;
}

const NUMERIC = /^-?\d+(?:\.\d+)?$/;
