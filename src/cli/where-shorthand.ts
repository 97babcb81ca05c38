import { InvalidArgumentError } from '../core/errors.js';
import type { QueryInput } from '../core/query/query-schema.js';
import { parseLooseJson } from './args.js';

type ConditionInput = NonNullable<QueryInput['where']>;

const SYMBOLS: ReadonlyArray<readonly [string, string]> = [
  ['!=', 'ne'],
  ['>=', 'gte'],
  ['<=', 'lte'],
  ['^=', 'prefix'],
  ['*=', 'contains'],
  ['=', 'eq'],
  ['>', 'gt'],
  ['<', 'lt'],
];
const WORDS = new Set(['eq', 'ne', 'in', 'nin', 'gt', 'gte', 'lt', 'lte', 'prefix', 'contains', 'exists']);

/**
 * Parse a command-line condition into a query condition.
 * Forms: `type=click`, `details.clicks>=2`, `target^=button`, `pageUrl*=checkout`, `user?` (exists), `!user?`
 * (missing), and word forms `type in click,focus`, `type nin blur`, `details.clicks gte 2`. Values are JSON when
 * they parse as JSON (`2`, `true`, `null`, `"quoted"`), else text; `in`/`nin` take a JSON array or a comma list.
 *
 * @throws InvalidArgumentError naming the expression and the accepted forms.
 */
export function parseWhere(expression: string): ConditionInput {
  const text = expression.trim();
  if (text.endsWith('?')) {
    const negated = text.startsWith('!');
    const field = text.slice(negated ? 1 : 0, -1).trim();
    if (field !== '') return { field, op: 'exists', value: !negated };
  }
  const words = /^(\S+)\s+(eq|ne|in|nin|gt|gte|lt|lte|prefix|contains|exists)(?:\s+([\s\S]*))?$/.exec(text);
  if (words !== null && WORDS.has(words[2]!)) {
    const [, field, op, raw = ''] = words;
    return build(field!, op!, raw, expression);
  }
  for (const [symbol, op] of SYMBOLS) {
    const at = text.indexOf(symbol);
    if (at > 0) return build(text.slice(0, at).trim(), op, text.slice(at + symbol.length).trim(), expression);
  }
  throw new InvalidArgumentError(
    `Cannot read condition "${expression}". Use field=value, field!=value, field>n, field>=n, field<n, field<=n, ` +
      'field^=prefix, field*=text, field? (exists), !field? (missing), or "field in a,b".',
  );
}

function build(field: string, op: string, raw: string, expression: string): ConditionInput {
  if (field === '') throw new InvalidArgumentError(`Condition "${expression}" names no field.`);
  switch (op) {
    case 'in':
    case 'nin': {
      const parsed = parseLooseJson(raw);
      const list = Array.isArray(parsed) ? parsed : raw.split(',').map((v) => parseLooseJson(v.trim()));
      return { field, op, value: list as (string | number | boolean | null)[] };
    }
    case 'exists':
      return { field, op, value: raw.trim() === '' ? true : parseLooseJson(raw) === true };
    case 'prefix':
    case 'contains':
      return { field, op, value: stripQuotes(raw) };
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const v = parseLooseJson(raw);
      return { field, op, value: typeof v === 'number' ? v : String(v) };
    }
    default: {
      const v = parseLooseJson(raw);
      const scalar = v === null || ['string', 'number', 'boolean'].includes(typeof v) ? (v as string | number | boolean | null) : raw;
      return { field, op: op as 'eq' | 'ne', value: scalar };
    }
  }
}

function stripQuotes(raw: string): string {
  const v = parseLooseJson(raw);
  return typeof v === 'string' ? v : raw;
}
