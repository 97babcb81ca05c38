import type { CanonicalEvent } from '../event.js';
import { fieldGetter, resolveFieldRef } from '../query/field-ref.js';
import { normalizeUrl, type UrlRules } from './normalize-url.js';

/** One rewrite rule (normalised). Every rule reads `field` and writes derived attribute(s); the source is never touched. */
export type RewriteRule =
  | ({ readonly op: 'url'; readonly field: string; readonly as: string } & UrlRules)
  | {
      readonly op: 'map';
      readonly field: string;
      readonly as: string;
      /** Exact value → label (values compared as strings: 5 and "5" map alike). */
      readonly map: Readonly<Record<string, unknown>>;
      /** Unmapped values: keep the original, or null. */
      readonly otherwise: 'keep' | 'null';
    }
  | {
      readonly op: 'regex';
      readonly field: string;
      /** With `replace`: the attribute receiving the replaced text (the original when the pattern does not match). */
      readonly as?: string | undefined;
      readonly pattern: RegExp;
      readonly replace?: string | undefined;
    };

/** The attribute names a rule writes: `as`, and for a regex each named capture group. */
export function ruleOutputs(rule: RewriteRule): string[] {
  if (rule.op !== 'regex') return [rule.as];
  const groups = namedGroups(rule.pattern);
  return rule.as === undefined || rule.replace === undefined ? groups : [rule.as, ...groups];
}

/** Named groups of a pattern, in order (`(?<page>\w+)` → `page`). */
export function namedGroups(pattern: RegExp): string[] {
  return [...pattern.source.matchAll(/\(\?<([A-Za-z_$][\w$]*)>/g)].map((m) => m[1]!);
}

/**
 * Apply rewrite rules to one event, returning the derived attributes they produce. Rules run in order and a rule
 * may read an earlier rule's output by its name or as `attrs.<name>` (it shadows the field of the same name). Values: missing stays
 * null; numbers and booleans are rewritten as their text; other values (objects, arrays) give null.
 * - `url`: `normalizeUrl` (a value that is not an absolute URL is kept as it is);
 * - `map`: exact lookup of the value's text — no substring or prefix matching;
 * - `regex`: each named capture group becomes an attribute (null when the pattern does not match); with
 *   `replace`, `as` receives `value.replace(pattern, replace)` (`$1`, `$<name>` allowed; `g` flag replaces all).
 * Cost: O(rules) per event, each one string operation.
 *
 * @example rewriteEvent(ev('a', 0, { page: 'https://x.org/p/42?q=1' }), [{ op: 'url', field: 'page', as: 'route', query: 'drop', fragment: 'drop', ids: true }])
 * // → { route: 'https://x.org/p/:id' }
 */
export function rewriteEvent(event: CanonicalEvent, rules: readonly CompiledRule[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const rule of rules) {
    const raw = Object.hasOwn(out, rule.earlier) ? out[rule.earlier] : rule.get(event);
    rule.apply(text(raw), out);
  }
  return out;
}

/** A rule with its getter built once. */
export interface CompiledRule {
  readonly rule: RewriteRule;
  readonly get: (e: CanonicalEvent) => unknown;
  /** The name under which an earlier rule's output would be read (`field` without an `attrs.` prefix). */
  readonly earlier: string;
  readonly apply: (value: string | null, out: Record<string, unknown>) => void;
}

/** Build the getters and appliers of rules once per run. */
export function compileRules(rules: readonly RewriteRule[]): CompiledRule[] {
  return rules.map((rule) => ({
    rule,
    get: fieldGetter(resolveFieldRef(rule.field)),
    earlier: rule.field.startsWith('attrs.') ? rule.field.slice('attrs.'.length) : rule.field,
    apply: applier(rule),
  }));
}

/** Distinct URLs a `url` rule remembers the normal form of (cleared when full). */
const URL_MEMO = 4096;

function applier(rule: RewriteRule): CompiledRule['apply'] {
  switch (rule.op) {
    case 'url': {
      // Logs repeat a few pages many times: remember recent answers (normalizeUrl is pure), at most URL_MEMO of them.
      const memo = new Map<string, string>();
      return (v, out) => {
        if (v === null) {
          out[rule.as] = null;
          return;
        }
        let normal = memo.get(v);
        if (normal === undefined) {
          normal = normalizeUrl(v, rule) ?? v;
          if (memo.size >= URL_MEMO) memo.clear();
          memo.set(v, normal);
        }
        out[rule.as] = normal;
      };
    }
    case 'map':
      return (v, out) => {
        out[rule.as] = v !== null && Object.hasOwn(rule.map, v) ? rule.map[v] : rule.otherwise === 'keep' ? v : null;
      };
    case 'regex': {
      const groups = namedGroups(rule.pattern);
      const matcher = new RegExp(rule.pattern.source, rule.pattern.flags.replace('g', '').replace('y', ''));
      return (v, out) => {
        const m = v === null ? null : matcher.exec(v);
        for (const g of groups) out[g] = m?.groups?.[g] ?? null;
        if (rule.as !== undefined && rule.replace !== undefined) {
          rule.pattern.lastIndex = 0;
          out[rule.as] = v === null ? null : v.replace(rule.pattern, rule.replace);
        }
      };
    }
  }
}

function text(v: unknown): string | null {
  if (Array.isArray(v) && v.length === 1) v = v[0];
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}
