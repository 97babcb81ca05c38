import { SourceNotFoundError } from '../core/errors.js';
import type { Distill } from '../distill.js';

/**
 * Check that a source name is one the config defines. The library and CLI also accept file paths as sources; the
 * server never does — a remote client must not be able to make the server read arbitrary files.
 *
 * @throws SourceNotFoundError (404) listing the configured sources.
 */
export function assertConfiguredSource(distill: Distill, name: string, path: readonly (string | number)[] = ['source']): void {
  if (Object.hasOwn(distill.loaded.config.sources, name)) return;
  const known = Object.keys(distill.loaded.config.sources);
  throw new SourceNotFoundError(
    `No source named "${name}". The server reads configured sources only: ${known.length === 0 ? '(none configured)' : known.join(', ')} (see GET /v1/sources).`,
    { issues: [{ code: 'unknown_source', path: [...path], message: `Use one of: ${known.join(', ')}.` }] },
  );
}
