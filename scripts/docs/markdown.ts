import MarkdownIt from 'markdown-it';

/** A heading of a rendered page: level, text and its anchor id. */
export interface Heading {
  readonly level: number;
  readonly text: string;
  readonly id: string;
}

/** A rendered Markdown page. */
export interface RenderedMarkdown {
  readonly html: string;
  readonly title: string;
  readonly headings: readonly Heading[];
  /** Text of each section (by heading id; '' = before the first heading), for the search index. */
  readonly sections: ReadonlyMap<string, string>;
}

/** GitHub-style anchor: lowercase, punctuation dropped, spaces to dashes (`## The envelope` → `the-envelope`). */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/<[^>]*>/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s/g, '-');
}

/**
 * Render a guide: headings get GitHub-compatible ids (so `file.md#anchor` links written for GitHub keep working),
 * links are rewritten by `rewriteLink` (`.md` → `.html`, repository files), and the section texts are collected for
 * search. Raw HTML in the Markdown is escaped (the guides do not need it; the site's CSP forbids inline script).
 *
 * Cost: linear in the document.
 */
export function renderMarkdown(source: string, rewriteLink: (href: string) => string | undefined): RenderedMarkdown {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
  const tokens = md.parse(source, {});
  const headings: Heading[] = [];
  const used = new Map<string, number>();
  const sections = new Map<string, string>();
  let current = '';
  let title = '';
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.type === 'heading_open') {
      const inline = tokens[i + 1]!;
      const text = (inline.children ?? []).map((c) => c.content).join('');
      const base = slug(text);
      const n = used.get(base) ?? 0;
      used.set(base, n + 1);
      const id = n === 0 ? base : `${base}-${n}`;
      token.attrSet('id', id);
      const level = Number(token.tag.slice(1));
      headings.push({ level, text, id });
      if (level === 1 && title === '') title = text;
      current = id;
      sections.set(current, '');
    } else if (token.type === 'inline' || token.type === 'fence' || token.type === 'code_block') {
      if (tokens[i - 1]?.type === 'heading_open') continue;
      sections.set(current, `${sections.get(current) ?? ''} ${token.content}`.slice(0, 4000));
    }
    for (const child of token.children ?? []) {
      if (child.type === 'link_open') {
        const href = child.attrGet('href') ?? '';
        const to = rewriteLink(href);
        if (to === undefined) {
          // A repository file the site does not carry: keep the text, drop the link.
          child.type = 'code_inline_open';
          child.tag = 'span';
          child.attrs = [['class', 'repo-file'], ['title', href]];
        } else child.attrSet('href', to);
      } else if (child.type === 'link_close' && child.tag === 'a') {
        // Matched to its opening token below.
      }
    }
    // Pair closing tags of dropped links.
    if (token.children !== null) {
      const stack: string[] = [];
      for (const child of token.children) {
        if (child.type === 'link_open') stack.push('a');
        else if (child.type === 'code_inline_open') stack.push('span');
        else if (child.type === 'link_close') {
          const tag = stack.pop() ?? 'a';
          if (tag === 'span') {
            child.type = 'code_inline_close';
            child.tag = 'span';
          }
        }
      }
    }
  }
  const html = md.renderer.render(tokens, md.options, {});
  return { html, title, headings, sections };
}
