/** One searchable section of the site. Short keys: the index ships to the browser. */
export interface SearchEntry {
  /** Page title. */
  readonly t: string;
  /** Site-relative page path. */
  readonly p: string;
  /** Anchor on the page ('' for the top). */
  readonly a: string;
  /** Section heading (what the result shows). */
  readonly h: string;
  /** Name to match exactly (an operator, a route, an API symbol, else the heading). */
  readonly n: string;
  /** Kind: guide, tutorial, operator, rest, api, schema. */
  readonly k: string;
  /** Section text (trimmed). */
  readonly x: string;
}

/** The index as the script the pages load (`window.DISTILL_SEARCH_INDEX = [...]`): works from file:// and offline. */
export function searchIndexScript(entries: readonly SearchEntry[]): string {
  return `window.DISTILL_SEARCH_INDEX = ${JSON.stringify(entries)};\n`;
}

/** Collapse whitespace and cut a section text to what the index needs. */
export function indexText(text: string, max = 600): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
