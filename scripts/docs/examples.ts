import MarkdownIt from 'markdown-it';

/** A runnable example found in a guide. */
export type DocExample =
  | { readonly kind: 'file'; readonly doc: string; readonly line: number; readonly path: string; readonly content: string }
  | { readonly kind: 'cli'; readonly doc: string; readonly line: number; readonly argv: readonly string[]; readonly expected: string }
  | { readonly kind: 'ts'; readonly doc: string; readonly line: number; readonly code: string; readonly expected: string | undefined };

/**
 * Split a command line the way a POSIX shell would for the simple cases the docs use: words separated by spaces,
 * single quotes literal, double quotes with `\"` escapes. Anything else (pipes, `$VAR`, redirects) is refused, so an
 * example cannot silently mean something else here than in a terminal.
 *
 * @throws Error for shell syntax this splitter does not handle.
 */
export function splitCommand(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === ' ') {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end === -1) throw new Error(`Unclosed quote in: ${line}`);
      word = (word ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      let out = '';
      for (; j < line.length && line[j] !== '"'; j++) out += line[j] === '\\' ? line[++j] : line[j];
      if (j >= line.length) throw new Error(`Unclosed quote in: ${line}`);
      word = (word ?? '') + out;
      i = j;
    } else if ('|&;<>$`*?'.includes(c)) {
      throw new Error(`Shell syntax "${c}" is not supported in a console example: ${line}`);
    } else word = (word ?? '') + c;
  }
  if (word !== undefined) words.push(word);
  return words;
}

/**
 * The runnable examples of a Markdown guide, in order:
 * - ```` ```console ```` blocks: `$ distill …` lines, each followed by its exact expected standard output;
 * - ```` ```<lang> file=<path> ```` blocks: files the following examples need, written into the example directory;
 * - ```` ```ts example ```` blocks (importing from `'distill'`), optionally followed by a ```` ```text output ```` block
 *   with the exact expected standard output.
 * Other blocks are illustrations (they need a server, Elasticsearch or your own files) and are not run.
 */
export function extractExamples(doc: string, markdown: string): DocExample[] {
  const tokens = new MarkdownIt().parse(markdown, {});
  const out: DocExample[] = [];
  const fences = tokens.filter((t) => t.type === 'fence');
  for (let i = 0; i < fences.length; i++) {
    const fence = fences[i]!;
    const line = (fence.map?.[0] ?? 0) + 1;
    const info = fence.info.trim().split(/\s+/);
    const file = info.find((w) => w.startsWith('file='));
    if (file !== undefined) {
      out.push({ kind: 'file', doc, line, path: file.slice('file='.length), content: fence.content });
    } else if (info[0] === 'console') {
      const lines = fence.content.replace(/\n$/, '').split('\n');
      for (let j = 0; j < lines.length; j++) {
        const l = lines[j]!;
        if (!l.startsWith('$ ')) continue;
        const expected: string[] = [];
        for (let k = j + 1; k < lines.length && !lines[k]!.startsWith('$ '); k++) expected.push(lines[k]!);
        const argv = splitCommand(l.slice(2));
        if (argv[0] !== 'distill') throw new Error(`${doc}:${line + j}: console examples run distill, not ${argv[0]}`);
        out.push({ kind: 'cli', doc, line: line + j + 1, argv: argv.slice(1), expected: expected.length === 0 ? '' : `${expected.join('\n')}\n` });
      }
    } else if ((info[0] === 'ts' || info[0] === 'typescript') && info.includes('example')) {
      const next = fences[i + 1];
      const hasOutput = next !== undefined && next.info.trim() === 'text output';
      out.push({ kind: 'ts', doc, line, code: fence.content, expected: hasOutput ? next.content : undefined });
      if (hasOutput) i++;
    }
  }
  return out;
}
