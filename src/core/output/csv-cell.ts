/**
 * Render one value as an RFC 4180 CSV cell: null and undefined are empty, strings are quoted when they hold a
 * comma, quote, CR or LF (quotes doubled), numbers and booleans as JSON writes them, arrays and objects as JSON
 * text (quoted as needed).
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const NEEDS_QUOTES = /[",\r\n]/;
