import { InvalidArgumentError } from '../core/errors.js';

/** How a flag takes its value. `json`: parsed as JSON when it is valid JSON, else kept as a string. */
export type FlagType = 'string' | 'boolean' | 'number' | 'json';

export interface FlagSpec {
  readonly type: FlagType;
  /** May be given several times (values collected in order). */
  readonly multiple?: boolean;
  readonly short?: string;
  readonly description: string;
  /** Placeholder in help (`<file>`). */
  readonly value?: string;
}

export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

export interface ParsedArgs {
  readonly positionals: string[];
  /** Flag values by flag name: a value, or an array for `multiple` flags. */
  readonly flags: Record<string, unknown>;
}

/**
 * Parse command-line arguments against flag specs: `--name value`, `--name=value`, `-n value`, boolean `--name`
 * and `--no-name`, `--` ending flags.
 *
 * @throws InvalidArgumentError (`invalid_argument`) for unknown flags (with the closest known one), missing
 *   values and numbers that are not numbers.
 */
export function parseArgs(argv: readonly string[], specs: FlagSpecs): ParsedArgs {
  const positionals: string[] = [];
  const flags: Record<string, unknown> = {};
  const shorts = new Map(Object.entries(specs).flatMap(([name, s]) => (s.short === undefined ? [] : [[s.short, name] as const])));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    let name: string;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      inline = eq < 0 ? undefined : arg.slice(eq + 1);
    } else {
      const long = shorts.get(arg.slice(1));
      if (long === undefined) throw unknown(arg, specs);
      name = long;
    }
    let spec = specs[name];
    let negated = false;
    if (spec === undefined && name.startsWith('no-') && specs[name.slice(3)]?.type === 'boolean') {
      spec = specs[name.slice(3)];
      name = name.slice(3);
      negated = true;
    }
    if (spec === undefined) throw unknown(`--${name}`, specs);
    let value: unknown;
    if (spec.type === 'boolean') {
      if (inline === undefined) value = !negated;
      else if (inline === 'true' || inline === 'false') value = (inline === 'true') !== negated;
      else throw new InvalidArgumentError(`--${name} takes true or false, got "${inline}".`);
    } else {
      const raw = inline ?? argv[++i];
      if (raw === undefined) throw new InvalidArgumentError(`--${name} needs a value${spec.value === undefined ? '' : ` ${spec.value}`}.`);
      value = convert(name, spec.type, raw);
    }
    if (spec.multiple === true) ((flags[name] ??= []) as unknown[]).push(value);
    else flags[name] = value;
  }
  return { positionals, flags };
}

function convert(name: string, type: FlagType, raw: string): unknown {
  if (type === 'string') return raw;
  if (type === 'number') {
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`--${name} takes a number, got "${raw}".`);
    return n;
  }
  return parseLooseJson(raw);
}

/** JSON when the text is valid JSON (numbers, true/false/null, quoted strings, arrays, objects), else the text. */
export function parseLooseJson(raw: string): unknown {
  const t = raw.trim();
  if (t === '') return raw;
  if (/^(?:-?\d|true$|false$|null$|["[{])/.test(t)) {
    try {
      return JSON.parse(t);
    } catch {
      return raw;
    }
  }
  return raw;
}

function unknown(flag: string, specs: FlagSpecs): InvalidArgumentError {
  const names = Object.keys(specs);
  const bare = flag.replace(/^-+/, '');
  const close = names
    .map((n) => ({ n, d: distance(n, bare) }))
    .filter((x) => x.d <= Math.max(2, Math.floor(bare.length / 3)))
    .sort((a, b) => a.d - b.d)[0];
  return new InvalidArgumentError(`Unknown option ${flag}.${close === undefined ? '' : ` Did you mean --${close.n}?`} See --help.`);
}

function distance(a: string, b: string): number {
  const dp = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) dp[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      dp[i]![j] = Math.min(dp[i - 1]![j]! + 1, dp[i]![j - 1]! + 1, dp[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return dp[a.length]![b.length]!;
}
