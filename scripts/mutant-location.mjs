// Report mutants against a file's current text, shared by mutation.mjs, recheck-survivors.mjs and mutant-fuzz.mjs.

const starts = new WeakMap();

/** The offset of each line's first character in `entry.source` (computed once per report entry). */
function lineStarts(entry) {
  let list = starts.get(entry);
  if (list === undefined) {
    list = [0];
    for (let i = entry.source.indexOf('\n'); i !== -1; i = entry.source.indexOf('\n', i + 1)) list.push(i + 1);
    starts.set(entry, list);
  }
  return list;
}

/**
 * Mutant `m` of a report file `entry` (mutation-testing-elements: `source` is the text the report was made on)
 * applied to `current`, the file's text now: `{ line, text }` — the mutant's first line in `current`, and `current`
 * with the mutant pasted in (an expression parenthesised, as Stryker replaces a node of the syntax tree: pasted as
 * text, `(gzip || code !== undefined) && rest` would otherwise read `gzip || (code … && rest)`; a block as it is).
 * When the file changed, the mutant's lines (first to last, verbatim) are looked for in `current`, nearest their old
 * place; undefined when they are no longer there.
 */
export function applyMutant(entry, m, current) {
  const lines = lineStarts(entry);
  const from = lines[m.location.start.line - 1];
  let shift = 0;
  if (current !== entry.source) {
    const end = m.location.end.line < lines.length ? lines[m.location.end.line] - 1 : entry.source.length;
    const chunk = entry.source.slice(from, end);
    const hits = [];
    for (let i = current.indexOf(chunk); i !== -1; i = current.indexOf(chunk, i + 1)) hits.push(i);
    if (hits.length === 0) return undefined;
    shift = hits.sort((a, b) => Math.abs(a - from) - Math.abs(b - from))[0] - from;
  }
  const offset = (loc) => lines[loc.line - 1] + loc.column - 1 + shift;
  const replacement = m.mutatorName === 'BlockStatement' ? m.replacement : `(${m.replacement})`;
  return {
    line: current.slice(0, from + shift).split('\n').length,
    text: current.slice(0, offset(m.location.start)) + replacement + current.slice(offset(m.location.end)),
  };
}

/** Whether a report's mutant went unnoticed by the tests (survived, or no test reached it): the ones to kill or list. */
export function isUndetected(m) {
  return m.status === 'Survived' || m.status === 'NoCoverage';
}

/**
 * Whether a scope's equivalent.json entries name mutant `m` of `file` on `line` (default: the report's line): file,
 * line, mutator and replacement, and the column when an entry gives one.
 */
export function isListed(entries, file, m, line = m.location.start.line) {
  return entries.some((e) => e.file === file && e.line === line && (e.column === undefined || e.column === m.location.start.column) && e.mutator === m.mutatorName && e.replacement === m.replacement);
}
