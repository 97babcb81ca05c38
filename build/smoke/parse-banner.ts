/**
 * What `distill serve` prints when it is ready (src/server/banner.ts): the URL, the token when it was just
 * generated, the certificate file and its SHA-256 fingerprint. The smoke checks read them the way a user would —
 * from the printed text — so a change of wording there shows up here as a failed check.
 */
export interface ServeBanner {
  readonly url: string;
  /** Only when the token was generated at this start (the banner shows a stored token's file instead). */
  readonly token?: string | undefined;
  readonly certificate: string;
  /** `AB:CD:…`, 32 colon-separated upper-case bytes, as Node's `fingerprint256`. */
  readonly fingerprint: string;
}

/** The line after which the banner is complete. */
export const BANNER_END = 'Press Ctrl-C to stop.';

/** Parse a complete banner. @throws Error naming the field that is missing. */
export function parseBanner(text: string): ServeBanner {
  const field = (label: string): string => {
    const m = new RegExp(`^\\s*${label}\\s+(\\S.*)$`, 'm').exec(text);
    if (m === null) throw new Error(`The server banner has no "${label}" line:\n${text}`);
    return m[1]!.trim();
  };
  const url = field('URL').split(/\s+/)[0]!;
  const tokenLine = /^\s*Token\s+(\S+)\s*\n\s+new:/m.exec(text);
  const certificate = field('Certificate').replace(/\s+\((?:self-signed|yours)[^)]*\)$/, '');
  const fingerprint = field('SHA-256');
  if (!/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/.test(fingerprint)) throw new Error(`Not a SHA-256 fingerprint: ${fingerprint}`);
  return { url, token: tokenLine?.[1], certificate, fingerprint };
}
