import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRegistry } from '../../src/core/operators/builtin.js';
import { buildOpenApi } from '../../src/server/openapi/build-openapi.js';
import { renderDocs } from '../../src/server/openapi/render-docs.js';
import { ROUTES } from '../../src/server/routes/index.js';
import { VERSION } from '../../src/version.js';
import { renderOperatorDocs } from '../operator-docs.js';
import { escapeHtml, page, type NavGroup } from './layout.js';
import { renderMarkdown, slug } from './markdown.js';
import { indexText, searchIndexScript, type SearchEntry } from './search-index.js';
import { buildApiReference } from './typedoc-reference.js';

/** Options of {@link buildSite}. */
export interface BuildSiteOptions {
  /** Repository root. */
  readonly root: string;
  /** Output directory (emptied first). `npm run docs` uses dist-config/site, which the executables embed. */
  readonly out: string;
  /** Run TypeDoc (the library reference and its documentation check); default true. */
  readonly api?: boolean;
}

/** What was built. */
export interface BuiltSite {
  /** Site-relative paths of every HTML page written by the site builder (TypeDoc's pages are under api/). */
  readonly pages: readonly string[];
  readonly search: readonly SearchEntry[];
  /** Problems that fail the build: undocumented exports, broken TypeDoc links. */
  readonly problems: readonly string[];
  /** TypeDoc's other warnings (reported, not fatal). */
  readonly notes: readonly string[];
}

interface Source {
  /** Markdown file, repository-relative. */
  readonly file: string;
  /** Output page, site-relative. */
  readonly out: string;
  readonly kind: 'guide' | 'tutorial' | 'operator' | 'start';
  /** Markdown text when generated (the operator reference). */
  readonly text?: string;
}

const GUIDE_ORDER = ['python', 'cli', 'pipelines', 'query', 'operators', 'mapping', 'elasticsearch', 'server', 'plugins', 'executables', 'migration-from-flagon', 'architecture'];

/**
 * Build the documentation site: the guides of docs/, the tutorials of docs/tutorials/, the operator reference from
 * the registry, the REST reference from the OpenAPI document, the config and pipeline JSON Schemas, the library
 * reference (TypeDoc) and an offline search index. Static files with relative links only.
 *
 * @throws Error when a guide links to a repository file that does not exist.
 */
export async function buildSite(options: BuildSiteOptions): Promise<BuiltSite> {
  const { root, out } = options;
  rmSync(out, { recursive: true, force: true });
  mkdirSync(path.join(out, 'assets'), { recursive: true });
  const registry = createRegistry();
  const docs = path.join(root, 'docs');
  const sources: Source[] = [{ file: 'docs/index.md', out: 'index.html', kind: 'start' }];
  const guides = readdirSync(docs).filter((f) => f.endsWith('.md') && f !== 'index.md');
  guides.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  for (const f of guides) {
    const name = f.slice(0, -3);
    sources.push(name === 'operators'
      ? { file: `docs/${f}`, out: 'operators.html', kind: 'operator', text: renderOperatorDocs(registry) }
      : { file: `docs/${f}`, out: `${name}.html`, kind: 'guide' });
  }
  const tutorialsDir = path.join(docs, 'tutorials');
  const tutorials = existsSync(tutorialsDir) ? readdirSync(tutorialsDir).filter((f) => f.endsWith('.md')).sort() : [];
  for (const f of tutorials) sources.push({ file: `docs/tutorials/${f}`, out: `tutorials/${f.slice(0, -3)}.html`, kind: 'tutorial' });

  // Repository Markdown files the guides link to (build/README.md, …) come along under repo/.
  const extra = new Map<string, string>();
  const texts = new Map<string, string>();
  for (const s of sources) texts.set(s.file, s.text ?? readFileSync(path.join(root, s.file), 'utf8'));
  const byFile = new Map(sources.map((s) => [s.file, s.out]));
  const linkFor = (from: Source) => (href: string): string | undefined => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('#')) return href;
    const [target = '', anchor] = href.split('#');
    const file = path.posix.normalize(path.posix.join(path.posix.dirname(from.file), target));
    let to = byFile.get(file) ?? extra.get(file);
    if (to === undefined && file.endsWith('.md') && existsSync(path.join(root, file)) && !file.startsWith('..')) {
      to = `repo/${file.slice(0, -3)}.html`;
      extra.set(file, to);
    }
    if (to === undefined) {
      if (!existsSync(path.join(root, file))) throw new Error(`${from.file} links to ${href}, which does not exist`);
      return undefined;
    }
    const rel = path.posix.relative(path.posix.dirname(from.out), to) || path.posix.basename(to);
    return anchor === undefined ? rel : `${rel}#${anchor}`;
  };

  const search: SearchEntry[] = [];
  const rendered: { source: Source; html: string; title: string }[] = [];
  const renderOne = (s: Source): void => {
    const md = renderMarkdown(texts.get(s.file) ?? readFileSync(path.join(root, s.file), 'utf8'), linkFor(s));
    rendered.push({ source: s, html: md.html, title: md.title });
    for (const h of md.headings) {
      const operator = s.kind === 'operator' && h.level === 2;
      search.push({ t: md.title, p: s.out, a: h.level === 1 ? '' : h.id, h: h.text, n: h.text, k: operator ? 'operator' : s.kind === 'start' ? 'guide' : s.kind, x: indexText(md.sections.get(h.id) ?? '') });
    }
  };
  for (const s of sources) renderOne(s);
  // Linked repository files (found while rendering; they may link on).
  for (let done = 0; done < extra.size; done++) {
    const [file, to] = [...extra.entries()][done]!;
    const s: Source = { file, out: to, kind: 'guide' };
    texts.set(file, readFileSync(path.join(root, file), 'utf8'));
    renderOne(s);
  }

  const nav: NavGroup[] = [
    { title: 'Start', items: [{ title: 'Overview', path: 'index.html' }] },
    { title: 'Tutorials', items: rendered.filter((r) => r.source.kind === 'tutorial').map((r) => ({ title: r.title, path: r.source.out })) },
    { title: 'Guides', items: rendered.filter((r) => r.source.kind === 'guide' && !r.source.out.startsWith('repo/')).map((r) => ({ title: r.title, path: r.source.out })) },
    {
      title: 'Reference',
      items: [
        { title: 'Operators', path: 'operators.html' },
        { title: 'REST API', path: 'rest.html' },
        { title: 'Library API (TypeScript)', path: 'api/index.html' },
        { title: 'Config and pipeline schemas', path: 'schemas.html' },
      ],
    },
  ];
  const pages: string[] = [];
  const write = (rel: string, html: string): void => {
    mkdirSync(path.dirname(path.join(out, rel)), { recursive: true });
    writeFileSync(path.join(out, rel), defuse(html, 'html'));
    pages.push(rel);
  };
  for (const r of rendered) write(r.source.out, page({ title: r.title, path: r.source.out, body: r.html, nav, version: VERSION }));

  // REST reference: the page the server renders at /docs, from the same OpenAPI document.
  const openapi = buildOpenApi(ROUTES, registry, {});
  write('rest.html', renderDocs(openapi));
  writeFileSync(path.join(out, 'openapi.json'), `${JSON.stringify(openapi, null, 2)}\n`);
  for (const [p, methods] of Object.entries(openapi.paths as Record<string, Record<string, { summary?: string; operationId?: string; description?: string }>>)) {
    for (const [method, op] of Object.entries(methods)) {
      const name = `${method.toUpperCase()} ${p}`;
      search.push({ t: 'REST API', p: 'rest.html', a: '', h: name, n: name, k: 'rest', x: indexText(`${op.summary ?? ''} ${op.description ?? ''}`) });
    }
  }

  // JSON Schemas: the files, and a page that lists their top-level properties.
  mkdirSync(path.join(out, 'schemas'), { recursive: true });
  const schemaFiles = ['distill.config.schema.json', 'distill.pipeline.schema.json'];
  const schemaSections: string[] = [];
  for (const f of schemaFiles) {
    const text = readFileSync(path.join(root, 'dist-config', f), 'utf8');
    writeFileSync(path.join(out, 'schemas', f), text);
    const schema = JSON.parse(text) as { title?: string; description?: string; properties?: Record<string, { description?: string }>; required?: string[] };
    const id = slug(f.replace(/\.json$/, ''));
    const rows = Object.entries(schema.properties ?? {})
      .map(([k, v]) => `<tr><td><code>${escapeHtml(k)}</code></td><td>${schema.required?.includes(k) === true ? 'yes' : ''}</td><td>${escapeHtml(v.description ?? '')}</td></tr>`)
      .join('');
    schemaSections.push(`<h2 id="${id}">${escapeHtml(f)}</h2>
<p>${escapeHtml(schema.description ?? schema.title ?? '')} Download: <a href="schemas/${f}">schemas/${f}</a>. Point your editor at it with <code>"$schema"</code>.</p>
<table><thead><tr><th>property</th><th>required</th><th>description</th></tr></thead><tbody>${rows}</tbody></table>
<details><summary>The whole schema</summary><pre><code>${escapeHtml(text)}</code></pre></details>`);
    search.push({ t: 'Config and pipeline schemas', p: 'schemas.html', a: id, h: f, n: f, k: 'schema', x: indexText(`${schema.description ?? ''} ${Object.keys(schema.properties ?? {}).join(' ')}`) });
  }
  write('schemas.html', page({
    title: 'Config and pipeline schemas',
    path: 'schemas.html',
    nav,
    version: VERSION,
    body: `<h1 id="config-and-pipeline-schemas">Config and pipeline schemas</h1>
<p>Both are generated from the zod schemas the code validates with (<code>npx tsx scripts/export-schemas.ts</code>); a test keeps the committed files current. The pipeline schema includes every operator's params.</p>
${schemaSections.join('\n')}`,
  }));

  // Library reference.
  const problems: string[] = [];
  const notes: string[] = [];
  if (options.api !== false) {
    const api = await buildApiReference(root, path.join(out, 'api'));
    for (const file of filesUnder(path.join(out, 'api')).filter((f) => f.endsWith('.html'))) {
      const text = readFileSync(file, 'utf8');
      if (defuse(text, 'html') !== text) writeFileSync(file, defuse(text, 'html'));
    }
    problems.push(...api.problems);
    notes.push(...api.notes);
    for (const [name, s] of api.symbols) search.push({ t: 'Library API', p: s.path, a: '', h: name, n: name, k: 'api', x: indexText(s.summary) });
  }

  cpSync(path.join(import.meta.dirname, 'assets'), path.join(out, 'assets'), { recursive: true });
  writeFileSync(path.join(out, 'csp.json'), `${JSON.stringify({ scriptHashes: inlineScriptHashes(out) }, null, 2)}\n`);
  writeFileSync(path.join(out, 'search-index.json'), defuse(`${JSON.stringify(search)}\n`, 'json'));
  writeFileSync(path.join(out, 'search-index.js'), defuse(searchIndexScript(search), 'json'));
  return { pages, search, problems, notes };
}

/**
 * Strings the site must not contain verbatim, because the executables embed it: Node's single-executable fuse (pkg
 * refuses a binary in which it occurs twice) and `import.meta` (the bundle's structural check forbids it in the
 * CommonJS bundle). build/README.md quotes both. HTML gets a character reference, JSON a `\u` escape — both read
 * the same to a reader and a browser.
 */
const DEFUSED: readonly [string, string, string][] = [
  ['NODE_SEA_FUSE_', 'NODE_SEA&#95;FUSE_', 'NODE_SEA\\u005fFUSE_'],
  ['import.meta', 'import&#46;meta', 'import\\u002emeta'],
];

/** Apply {@link DEFUSED} to a page (`html`) or the search index (`json`). */
export function defuse(text: string, kind: 'html' | 'json'): string {
  let out = text;
  for (const [raw, html, json] of DEFUSED) out = out.replaceAll(raw, kind === 'html' ? html : json);
  return out;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? filesUnder(path.join(dir, d.name)) : [path.join(dir, d.name)]));
}

/**
 * SHA-256 hashes (CSP form, `sha256-<base64>`) of every distinct inline script in the site's pages — TypeDoc's
 * theme switch — so the server's Content-Security-Policy can allow exactly those and no other inline script.
 */
export function inlineScriptHashes(dir: string): string[] {
  const hashes = new Set<string>();
  const walk = (rel: string): void => {
    for (const name of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel === '' ? name.name : `${rel}/${name.name}`;
      if (name.isDirectory()) walk(child);
      else if (name.name.endsWith('.html')) {
        for (const m of readFileSync(path.join(dir, child), 'utf8').matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
          if (m[1]!.trim() !== '') hashes.add(`sha256-${createHash('sha256').update(m[1]!, 'utf8').digest('base64')}`);
        }
      }
    }
  };
  walk('');
  return [...hashes].sort();
}

function rank(file: string): number {
  const i = GUIDE_ORDER.indexOf(file.slice(0, -3));
  return i === -1 ? GUIDE_ORDER.length : i;
}
