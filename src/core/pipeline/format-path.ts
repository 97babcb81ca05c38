/**
 * The one spelling of a JSON path in messages: keys joined by dots, array indices in brackets, keys that are not
 * identifiers quoted — `steps[1].by`, `outputs.graph[0].op`, `query.where.any[2]["a b"]`; the root is `(root)`.
 *
 * @example formatPath(['steps', 1, 'by']) // → 'steps[1].by'
 */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(part)) out += out === '' ? part : `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out === '' ? '(root)' : out;
}
