import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** A link that leads nowhere. */
export interface BrokenLink {
  /** Site-relative page holding the link. */
  readonly page: string;
  readonly href: string;
  readonly reason: 'missing file' | 'missing anchor' | 'leaves the site';
}

function htmlFiles(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix)).flatMap((name) => {
    const rel = prefix === '' ? name : `${prefix}/${name}`;
    return statSync(path.join(dir, rel)).isDirectory() ? htmlFiles(dir, rel) : rel.endsWith('.html') ? [rel] : [];
  });
}

const ids = new Map<string, Set<string>>();
function anchorsOf(file: string): Set<string> {
  let found = ids.get(file);
  if (found === undefined) {
    found = new Set([...readFileSync(file, 'utf8').matchAll(/\s(?:id|name)="([^"]+)"/g)].map((m) => decodeEntities(m[1]!)));
    ids.set(file, found);
  }
  return found;
}

function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_m, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]!);
}

/**
 * Every internal link of a built site (`href` and `src` of every HTML page, TypeDoc's included) must lead to a file
 * of the site and, with a `#fragment`, to an element with that id. Absolute links to other sites are allowed only
 * in `allowExternal` pages' text (none of the site's own pages load anything from elsewhere).
 *
 * Cost: reads every page once.
 */
export function checkLinks(dir: string): BrokenLink[] {
  ids.clear();
  const broken: BrokenLink[] = [];
  for (const pageRel of htmlFiles(dir)) {
    const html = readFileSync(path.join(dir, pageRel), 'utf8');
    for (const m of html.matchAll(/\s(href|src)="([^"]*)"/g)) {
      const href = decodeEntities(m[2]!);
      if (href === '' || /^(https?:|mailto:|data:|javascript:)/i.test(href)) {
        if (m[1] === 'src' && /^https?:/i.test(href)) broken.push({ page: pageRel, href, reason: 'leaves the site' });
        continue;
      }
      const [rawTarget = '', fragment] = href.split('#');
      const target = rawTarget.split('?')[0]!;
      let file = target === '' ? path.join(dir, pageRel) : path.resolve(path.dirname(path.join(dir, pageRel)), decodeURIComponent(target));
      if (!file.startsWith(path.resolve(dir))) {
        broken.push({ page: pageRel, href, reason: 'leaves the site' });
        continue;
      }
      if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
      if (!existsSync(file)) {
        broken.push({ page: pageRel, href, reason: 'missing file' });
        continue;
      }
      if (fragment !== undefined && fragment !== '' && file.endsWith('.html') && !anchorsOf(file).has(decodeURIComponent(fragment))) {
        broken.push({ page: pageRel, href, reason: 'missing anchor' });
      }
    }
  }
  return broken;
}
