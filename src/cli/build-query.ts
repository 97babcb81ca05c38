import { readFileSync } from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError } from '../core/errors.js';
import { parseJsonText } from '../config/load-config.js';
import { parseWhere } from './where-shorthand.js';

/**
 * Build a query document from the query flags (`--query`, `--where`, `--from`, `--to`, `--fields`, `--sort`,
 * `--limit`). Validation happens later, in one place (the pipeline parser), so errors carry JSON paths.
 */
export function buildQuery(flags: Record<string, unknown>, cwd: string, skip: ReadonlySet<string> = new Set()): Record<string, unknown> {
  const query: Record<string, unknown> = flags.query === undefined ? {} : readJsonArg(String(flags.query), cwd, '--query');
  if (typeof query !== 'object' || query === null || Array.isArray(query)) {
    throw new InvalidArgumentError('--query must be a JSON object such as {"where": {"field": "type", "op": "eq", "value": "click"}}.');
  }
  const wheres = ((skip.has('where') ? [] : flags.where) as string[] | undefined) ?? [];
  if (wheres.length > 0) {
    const conditions = wheres.map(parseWhere);
    const existing = query.where === undefined ? [] : [query.where];
    const all = [...existing, ...conditions];
    query.where = all.length === 1 ? all[0] : { all };
  }
  if (!skip.has('from') && flags.from !== undefined) query.time = { ...(query.time as object | undefined), from: String(flags.from) };
  if (!skip.has('to') && flags.to !== undefined) query.time = { ...(query.time as object | undefined), to: String(flags.to) };
  if (!skip.has('fields') && flags.fields !== undefined) query.fields = splitList(flags.fields as string[]);
  if (!skip.has('sort') && flags.sort !== undefined) query.sort = splitList(flags.sort as string[]);
  if (!skip.has('limit') && flags.limit !== undefined) query.limit = flags.limit;
  return query;
}

function splitList(values: readonly string[]): string[] {
  return values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}

/** Read a JSON argument given inline or as `@file` (relative to cwd). */
export function readJsonArg(arg: string, cwd: string, flag: string): Record<string, unknown> {
  if (arg.startsWith('@')) {
    const file = path.resolve(cwd, arg.slice(1));
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new InvalidArgumentError(`${flag}: cannot read ${file}: ${(error as Error).message}`);
    }
    return parseJsonText(text, file) as Record<string, unknown>;
  }
  try {
    return JSON.parse(arg) as Record<string, unknown>;
  } catch (error) {
    throw new InvalidArgumentError(`${flag} is not valid JSON: ${(error as Error).message}`);
  }
}
