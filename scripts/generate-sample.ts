/**
 * Writes a seeded sample of realistic Apache Flagon UserALE.js 2.4.0 logs to disk, streaming.
 *
 *   npx tsx scripts/generate-sample.ts --seed 42 --events 2500 --format ndjson --out sample.ndjson [--gzip]
 *
 * Formats: `ndjson` (one document per line) or `json` (one array, written incrementally the way UserALE's example
 * logging server appends: `[`, documents separated by `,\n`, `]`). `--gzip` compresses either. Options:
 * `--seed` (default 42), `--events` (approximate target, default 2500) or `--users` (exact user count instead),
 * `--days` (default 7), `--start` (ISO date or epoch ms, default 2024-03-04). Prints one summary line to stderr:
 * `generate-sample: events=… users=… sessions=… batches=… bytes=… …`. Exit codes: 0 ok, 2 bad arguments,
 * 1 I/O failure. Cost: O(events) time (~6 s and ~790 MB of ndjson per 1M events), memory bounded by the
 * sessions active at one moment (~165 MB RSS at 1M events).
 */
import { createWriteStream, statSync } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { createGzip } from "node:zlib";
import { generateUserale, type GenerateUseraleOptions, type UseraleRunSummary } from "./sample/generate-userale.js";
import { normalizeGenerateOptions } from "./sample/generator-options.js";

const USAGE =
  "usage: generate-sample --out <file> [--seed 42] [--events 2500 | --users 8] [--format ndjson|json] [--gzip] " +
  "[--days 7] [--start 2024-03-04]";

/** A command-line problem: reported with the usage line and exit code 2. */
class UsageError extends Error {
  override readonly name = "UsageError";
}

/** `--help`: print the usage line to stdout and exit 0. */
class HelpRequested extends Error {
  override readonly name = "HelpRequested";
}

interface CliOptions {
  readonly generate: GenerateUseraleOptions;
  readonly format: "ndjson" | "json";
  readonly out: string;
  readonly gzip: boolean;
}

function numberArg(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(value)) throw new UsageError(`--${name} must be a number, got "${raw}"`);
  return value;
}

function startArg(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  if (!Number.isFinite(value)) throw new UsageError(`--start must be an ISO date or epoch ms, got "${raw}"`);
  return value;
}

/** Parses and normalises argv once; everything downstream trusts the result. */
function parseCli(argv: readonly string[]): CliOptions {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      seed: { type: "string" },
      events: { type: "string" },
      users: { type: "string" },
      days: { type: "string" },
      start: { type: "string" },
      format: { type: "string" },
      out: { type: "string" },
      gzip: { type: "boolean" },
      help: { type: "boolean" },
    },
  });
  if (values.help === true) throw new HelpRequested(USAGE);
  const out = values.out;
  if (out === undefined || out === "") throw new UsageError("--out <file> is required");
  const format = values.format ?? "ndjson";
  if (format !== "ndjson" && format !== "json") {
    throw new UsageError(`--format must be "ndjson" or "json", got "${format}"`);
  }
  if (values.events !== undefined && values.users !== undefined) {
    throw new UsageError("give either --events or --users, not both");
  }
  const users = numberArg("users", values.users);
  const events = users === undefined ? numberArg("events", values.events) ?? 2500 : undefined;
  const days = numberArg("days", values.days);
  const start = startArg(values.start);
  const generate: GenerateUseraleOptions = {
    seed: numberArg("seed", values.seed) ?? 42,
    ...(users === undefined ? {} : { users }),
    ...(events === undefined ? {} : { events }),
    ...(days === undefined ? {} : { days }),
    ...(start === undefined ? {} : { start }),
  };
  try {
    normalizeGenerateOptions(generate); // reject bad values before the output file is created
  } catch (error: unknown) {
    if (error instanceof RangeError) throw new UsageError(error.message);
    throw error;
  }
  return { generate, format, out, gzip: values.gzip ?? false };
}

const CHUNK_CHARS = 1 << 18;

/**
 * Serialises the generator's documents into ~256 KiB buffers; `state` receives the run summary and the number
 * of uncompressed bytes once the generator is exhausted.
 */
async function* serialise(
  options: CliOptions,
  state: { summary: UseraleRunSummary | null; rawBytes: number },
): AsyncGenerator<Buffer> {
  const docs = generateUserale(options.generate);
  const json = options.format === "json";
  let text = json ? "[" : "";
  let first = true;
  for (;;) {
    const step = docs.next();
    if (step.done === true) {
      state.summary = step.value;
      break;
    }
    const line = JSON.stringify(step.value);
    if (json) text += first ? line : `,\n${line}`;
    else text += `${line}\n`;
    first = false;
    if (text.length >= CHUNK_CHARS) {
      const chunk = Buffer.from(text, "utf8");
      state.rawBytes += chunk.length;
      text = "";
      yield chunk;
    }
  }
  if (json) text += "]\n";
  const chunk = Buffer.from(text, "utf8");
  state.rawBytes += chunk.length;
  yield chunk;
}

async function main(argv: readonly string[]): Promise<number> {
  let options: CliOptions;
  try {
    options = parseCli(argv);
  } catch (error: unknown) {
    if (error instanceof HelpRequested) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    // parseArgs reports unknown or malformed flags as TypeErrors with an ERR_PARSE_ARGS_* code.
    if (error instanceof UsageError || (error instanceof TypeError && "code" in error)) {
      process.stderr.write(`generate-sample: ${error.message}\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
  const began = performance.now();
  const state: { summary: UseraleRunSummary | null; rawBytes: number } = { summary: null, rawBytes: 0 };
  try {
    const source = Readable.from(serialise(options, state), { objectMode: false });
    const sink = createWriteStream(options.out);
    if (options.gzip) await pipeline(source, createGzip(), sink);
    else await pipeline(source, sink);
  } catch (error: unknown) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`generate-sample: could not write ${options.out}: ${message}\n`);
    return 1;
  }
  const summary = state.summary;
  if (summary === null) throw new Error("generator finished without a summary");
  const bytes = statSync(options.out).size;
  const seconds = ((performance.now() - began) / 1000).toFixed(2);
  process.stderr.write(
    `generate-sample: events=${summary.events} users=${summary.users} sessions=${summary.sessions} ` +
      `batches=${summary.batches} lost=${summary.lostEvents} bytes=${bytes} rawBytes=${state.rawBytes} ` +
      `format=${options.format} gzip=${String(options.gzip)} seconds=${seconds} out=${options.out}\n`,
  );
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
