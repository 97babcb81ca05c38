import type { FlagSpec, FlagSpecs } from './args.js';
import type { Command } from './context.js';
import { GLOBAL_FLAGS, OUTPUT_FLAGS, QUERY_FLAGS, SOURCE_FLAGS } from './common-flags.js';
import { buildQuery, readJsonArg } from './build-query.js';
import { executeRun } from './execute-run.js';
import type { OperatorDescription } from '../core/pipeline/registry.js';

/**
 * Every registered operator is also a CLI command (`distill count-by --by type`): its params become flags, read
 * from its JSON Schema. A flag that is both a param and a query flag (`--limit`) goes to the operator; the query's
 * own is then `--query '{"limit": …}'`. `--params '{json}'` or `@file` gives all params at once.
 */
export function operatorCommand(op: OperatorDescription): Command {
  const paramFlags: Record<string, FlagSpec> = {};
  const properties = (op.params.properties ?? {}) as Record<string, Record<string, unknown>>;
  for (const [name, schema] of Object.entries(properties)) {
    paramFlags[kebab(name)] = {
      type: flagType(schema),
      ...(isArray(schema) ? { multiple: true } : {}),
      description: typeof schema.description === 'string' ? schema.description : name,
      value: '<value>',
    };
  }
  const shadowed = new Set(Object.keys(paramFlags).filter((n) => n in QUERY_FLAGS));
  const queryFlags = Object.fromEntries(Object.entries(QUERY_FLAGS).filter(([n]) => !shadowed.has(n)));
  const flags: FlagSpecs = {
    ...GLOBAL_FLAGS,
    ...SOURCE_FLAGS,
    ...queryFlags,
    ...OUTPUT_FLAGS,
    ...paramFlags,
    params: { type: 'string', value: '<json|@file>', description: 'All params as JSON; flags override.' },
  };
  return {
    name: op.name,
    summary: op.summary,
    usage: `distill ${op.name} ${Object.keys(paramFlags).map((f) => `[--${f} <value>]`).join(' ')} [query flags] [output flags]`,
    details: op.description,
    flags,
    async run(args, context) {
      const distill = await context.openDistill();
      const params: Record<string, unknown> = args.flags.params === undefined ? {} : readJsonArg(String(args.flags.params), context.io.cwd, '--params');
      for (const name of Object.keys(properties)) {
        const value = args.flags[kebab(name)];
        if (value !== undefined) params[name] = Array.isArray(value) && value.length === 1 && !isArray(properties[name]!) ? value[0] : value;
      }
      const query = buildQuery(args.flags, context.io.cwd, shadowed);
      return executeRun(distill, { query, steps: [{ op: op.name, ...params }] }, args.flags, context.io);
    },
  };
}

function isArray(schema: Record<string, unknown>): boolean {
  if (schema.type === 'array') return true;
  const variants = (schema.anyOf ?? schema.oneOf) as Record<string, unknown>[] | undefined;
  return variants?.some((v) => v.type === 'array') ?? false;
}

function flagType(schema: Record<string, unknown>): FlagSpec['type'] {
  if (schema.type === 'boolean') return 'boolean';
  if (schema.type === 'string') return 'string';
  if (schema.type === 'number' || schema.type === 'integer') return 'number';
  return 'json';
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
