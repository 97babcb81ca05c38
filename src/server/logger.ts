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
}

/**
 * A small structured logger: JSON lines `{ ts, level, msg, ...fields }` written straight to the sink in the
 * calling thread — no worker-thread transport, so it works unchanged inside a single-file executable. Fields that
 * do not serialise (cycles, BigInt) are replaced by their string form rather than lost.
 *
 * Cost: one `JSON.stringify` and one `write` per line.
 *
 * @example createLogger(process.stderr).info('listening', { url: 'https://127.0.0.1:8443' })
 * // → {"ts":"2026-11-27T20:00:00.000Z","level":"info","msg":"listening","url":"https://127.0.0.1:8443"}
 */
export function createLogger(sink: LogSink, options: LoggerOptions = {}): Logger {
  const min = RANK[options.level ?? 'info'];
  const now = options.now ?? (() => new Date());
  const write = (level: LogLevel, msg: string, fields: Readonly<Record<string, unknown>> = {}): void => {
    if (RANK[level] < min) return;
    let line: string;
    try {
      line = JSON.stringify({ ts: now().toISOString(), level, msg, ...fields });
    } catch {
      line = JSON.stringify({ ts: now().toISOString(), level, msg, fields: String(fields) });
    }
    sink.write(`${line}\n`);
  };
  return {
    debug: (msg, fields) => write('debug', msg, fields),
    info: (msg, fields) => write('info', msg, fields),
    warn: (msg, fields) => write('warn', msg, fields),
    error: (msg, fields) => write('error', msg, fields),
  };
}

/** A logger that drops everything. */
export const silentLogger: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
