/** Severity of a log line. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const RANK: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Anything with a `write(text)`: process.stderr, a file stream, a test buffer. */
export interface LogSink {
  /** Write one complete log line (with its newline). */
  write(text: string): unknown;
}

/** Structured logging: one JSON object per line. */
export interface Logger {
  /** Details for troubleshooting; written only at level `debug`. */
  debug(msg: string, fields?: Readonly<Record<string, unknown>>): void;
  /** Normal operation: listening, shutting down, one line per request. */
  info(msg: string, fields?: Readonly<Record<string, unknown>>): void;
  /** Something the operator should look at (a non-loopback address, a token on the command line). */
  warn(msg: string, fields?: Readonly<Record<string, unknown>>): void;
  /** A failure, with its cause for the operator (never sent to clients). */
  error(msg: string, fields?: Readonly<Record<string, unknown>>): void;
}

export interface LoggerOptions {
  /** Lowest level written (default `info`). */
  readonly level?: LogLevel | undefined;
  /** Clock for `ts` (tests fix it). */
  readonly now?: (() => Date) | undefined;
  /**
   * Hand the lines of one event-loop turn to the sink in one `write` (at the next `setImmediate`, at 64 KiB, and at
   * process exit), instead of one `write` per line: a file or pipe then takes one system call per turn, not per
   * request. Default false. Lines keep their order; each is still one complete JSON line.
   */
  readonly batch?: boolean | undefined;
}

const BATCH_MAX_CHARS = 64 * 1024;
/** Batching loggers with lines not yet written, flushed at process exit. */
const unflushed = new Set<() => void>();
let exitHook = false;

/**
 * A small structured logger: JSON lines `{ ts, level, msg, ...fields }` written straight to the sink in the
 * calling thread — no worker-thread transport, so it works unchanged inside a single-file executable. Fields that
 * do not serialise (cycles, BigInt) are replaced by their string form rather than lost.
 *
 * Cost: one `JSON.stringify` per line; one `write` per line, or per event-loop turn with `batch`.
 *
 * @example createLogger(process.stderr).info('listening', { url: 'https://127.0.0.1:8443' })
 * // → {"ts":"2026-11-27T20:00:00.000Z","level":"info","msg":"listening","url":"https://127.0.0.1:8443"}
 */
export function createLogger(sink: LogSink, options: LoggerOptions = {}): Logger {
  const min = RANK[options.level ?? 'info'];
  const now = options.now;
  // The ISO time of the last line, reused within the same millisecond.
  let lastMs = Number.NaN;
  let lastIso = '';
  const timestamp = (): string => {
    if (now !== undefined) return now().toISOString();
    const ms = Date.now();
    if (ms !== lastMs) {
      lastMs = ms;
      lastIso = new Date(ms).toISOString();
    }
    return lastIso;
  };
  let pending = '';
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    unflushed.delete(flush);
    if (pending === '') return;
    const text = pending;
    pending = '';
    sink.write(text);
  };
  const emit =
    options.batch === true
      ? (line: string): void => {
          pending += line;
          if (pending.length >= BATCH_MAX_CHARS) return flush();
          if (scheduled) return;
          scheduled = true;
          unflushed.add(flush);
          if (!exitHook) {
            exitHook = true;
            process.once('exit', () => {
              for (const f of unflushed) f();
            });
          }
          setImmediate(flush);
        }
      : (line: string): void => void sink.write(line);
  const write = (level: LogLevel, msg: string, fields?: Readonly<Record<string, unknown>>): void => {
    if (RANK[level] < min) return;
    emit(`${formatLine(timestamp(), level, msg, fields)}\n`);
  };
  return {
    debug: (msg, fields) => write('debug', msg, fields),
    info: (msg, fields) => write('info', msg, fields),
    warn: (msg, fields) => write('warn', msg, fields),
    error: (msg, fields) => write('error', msg, fields),
  };
}

/**
 * `{"ts":…,"level":…,"msg":…,…fields}` — the same text as `JSON.stringify({ ts, level, msg, ...fields })`, built
 * without copying the fields into a new object (fields named `ts`, `level` or `msg` take the spread's path).
 */
function formatLine(ts: string, level: LogLevel, msg: string, fields: Readonly<Record<string, unknown>> | undefined): string {
  try {
    if (fields === undefined) return `{"ts":"${ts}","level":"${level}","msg":${JSON.stringify(msg)}}`;
    if (Object.hasOwn(fields, 'ts') || Object.hasOwn(fields, 'level') || Object.hasOwn(fields, 'msg')) return JSON.stringify({ ts, level, msg, ...fields });
    const rest = JSON.stringify(fields);
    return `{"ts":"${ts}","level":"${level}","msg":${JSON.stringify(msg)}${rest.length > 2 ? `,${rest.slice(1)}` : '}'}`;
  } catch {
    return JSON.stringify({ ts, level, msg, fields: String(fields) });
  }
}

/** A logger that drops everything. */
export const silentLogger: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
