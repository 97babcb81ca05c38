/** One entry of the site's navigation. */
export interface NavItem {
  readonly title: string;
  /** Site-relative path (`tutorials/first-answers.html`). */
  readonly path: string;
}

/** Navigation groups, in order. */
export interface NavGroup {
  readonly title: string;
  readonly items: readonly NavItem[];
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * A site page: navigation, the offline search box (assets/search.js + search-index.js, no network), the content.
 * Every URL is relative, so the site works from any mount path (`/guide/` on the server) and from `file://`.
 */
export function page(options: { title: string; path: string; body: string; nav: readonly NavGroup[]; version: string }): string {
  const depth = options.path.split('/').length - 1;
  const root = depth === 0 ? './' : '../'.repeat(depth);
  const nav = options.nav
    .map(
      (g) =>
        `<h2>${escapeHtml(g.title)}</h2><ul>${g.items
          .map((i) => `<li><a href="${root}${i.path}"${i.path === options.path ? ' aria-current="page"' : ''}>${escapeHtml(i.title)}</a></li>`)
          .join('')}</ul>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)} — Distill ${escapeHtml(options.version)}</title>
<link rel="icon" href="${root}assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="${root}assets/site.css">
<script src="${root}search-index.js" defer></script>
<script src="${root}assets/search.js" defer></script>
</head>
<body data-root="${root}">
<header><a class="brand" href="${root}index.html">Distill <span>${escapeHtml(options.version)}</span></a>
<form id="search" role="search"><input id="search-input" type="search" placeholder="Search the docs (offline)" aria-label="Search" autocomplete="off"><ol id="search-results" hidden></ol></form></header>
<div class="wrap">
<nav>${nav}</nav>
<main>
${options.body}
</main>
</div>
</body>
</html>
`;
}
