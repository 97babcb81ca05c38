import { formatPath } from '../core/pipeline/format-path.js';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { InvalidConfigError, SourceNotFoundError } from '../core/errors.js';
import { validate } from '../core/validation.js';
import { ConfigSchema, type Config } from './config-schema.js';
import { defaultConfigPath } from './assets.js';
import { userFile } from './user-dirs.js';

/** A loaded, validated configuration and where it came from. */
export interface LoadedConfig {
  readonly config: Config;
  /** The file it was read from. */
  readonly file: string;
  /** Relative paths in the config start here (the file's directory). */
  readonly baseDir: string;
  /**
   * Where the file was found: `flag`, `env` (DISTILL_CONFIG), `cwd` (./distill.config.json), `user` (the
   * user's config directory, see user-dirs.ts) or `default` (the embedded sample).
   */
  readonly origin: 'flag' | 'env' | 'cwd' | 'user' | 'default' | 'inline';
}

/**
 * Find and load the configuration: an explicit path, else `DISTILL_CONFIG`, else `./distill.config.json`, else
 * `distill.config.json` in the user's config directory (`%APPDATA%\Distill`, `~/Library/Application
 * Support/Distill`, `$XDG_CONFIG_HOME/distill`), else the embedded default (the bundled sample data).
 *
 * @throws SourceNotFoundError when an explicit file does not exist; InvalidConfigError (`invalid_config`) for bad
 *   JSON (with line and column) or bad keys (each with its JSON path).
 */
export async function loadConfig(explicit?: string, cwd: string = process.cwd()): Promise<LoadedConfig> {
  let file: string;
  let origin: LoadedConfig['origin'];
  if (explicit !== undefined) {
    file = path.resolve(cwd, explicit);
    origin = 'flag';
  } else if (process.env.DISTILL_CONFIG !== undefined && process.env.DISTILL_CONFIG !== '') {
    file = path.resolve(cwd, process.env.DISTILL_CONFIG);
    origin = 'env';
  } else if (existsSync(path.join(cwd, 'distill.config.json'))) {
    file = path.join(cwd, 'distill.config.json');
    origin = 'cwd';
  } else if (existsSync(userFile('distill.config.json'))) {
    file = userFile('distill.config.json');
    origin = 'user';
  } else {
    file = defaultConfigPath();
    origin = 'default';
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new SourceNotFoundError(`Config file not found: ${file}.`);
    }
    throw new InvalidConfigError(`Cannot read config file ${file}: ${(error as Error).message}`, { cause: error });
  }
  const json = parseJsonText(text, file);
  return { config: parseConfig(json, file), file, baseDir: path.dirname(file), origin };
}

/** Validate a config object. @throws InvalidConfigError listing every bad key with its path. */
export function parseConfig(input: unknown, file = '(inline config)'): Config {
  const checked = validate(ConfigSchema, input);
  if (!checked.ok) {
    const first = checked.issues[0]!;
    throw new InvalidConfigError(
      `Invalid config ${file} at ${formatPath(first.path)}: ${first.message}${checked.issues.length > 1 ? ` (and ${checked.issues.length - 1} more)` : ''}`,
      { issues: checked.issues, details: { file } },
    );
  }
  const config = checked.value;
  if (config.defaultSource !== undefined && !Object.hasOwn(config.sources, config.defaultSource)) {
    throw new InvalidConfigError(`Invalid config ${file}: defaultSource "${config.defaultSource}" is not a configured source.`, {
      issues: [{ code: 'unknown_source', path: ['defaultSource'], message: `No source named "${config.defaultSource}"; define it under "sources".` }],
      details: { file },
    });
  }
  return config;
}

/**
 * Parse JSON text, turning a syntax error into `invalid_config` with the line and column.
 * Node's messages give a character position; it is converted here.
 */
export function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    const message = (error as Error).message;
    const pos = /position (\d+)/.exec(message);
    let where = '';
    if (pos !== null) {
      const offset = Number(pos[1]);
      const before = text.slice(0, offset);
      const line = before.split('\n').length;
      const column = offset - before.lastIndexOf('\n');
      where = ` at line ${line}, column ${column}`;
    }
    throw new InvalidConfigError(`${file} is not valid JSON${where}: ${message}`, {
      issues: [{ code: 'invalid_json', path: [], message: `Not valid JSON${where}.` }],
      details: { file },
    });
  }
}
