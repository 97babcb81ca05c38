import { randomUUID } from 'node:crypto';

const VALID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * A request's id: the caller's `X-Request-Id` when it is a sane token (letters, digits, `._:-`, at most 128), else a
 * new UUID. The request frame (`request-frame.ts`) echoes it in the `X-Request-Id` response header, the access log and
 * problem documents, so a notebook's failed call can be found in the server's log.
 *
 * @example requestIdFor('nb-42.call:7') // 'nb-42.call:7'; requestIdFor('bad id') → a fresh UUID
 */
export function requestIdFor(incoming: string | string[] | undefined): string {
  return typeof incoming === 'string' && VALID.test(incoming) ? incoming : randomUUID();
}
