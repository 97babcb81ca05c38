import type { IncomingMessage } from 'node:http';
import { DistillError, InvalidArgumentError } from '../core/errors.js';
import { jsonErrorPosition } from './json-error-position.js';

/**
 * Read a request body as a JSON object, at most `limit` bytes. An empty body is `undefined` (routes choose their
 * default). Any media type is read as JSON — `curl -d` sends form-encoded by default — but the body must be a
 * JSON object.
 *
 * @throws DistillError `payload_too_large` (413) when Content-Length or the bytes received pass the limit (reading
 *   stops at once); InvalidArgumentError (400) for a compressed body, text that is not JSON (with line and column),
 *   or JSON that is not an object.
 */
export async function readJsonBody(req: IncomingMessage, limit: number, state?: { readonly signal: AbortSignal }): Promise<Record<string, unknown> | undefined> {
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding !== 'identity') {
    throw new InvalidArgumentError(`Content-Encoding "${encoding}" is not supported: send the JSON body uncompressed.`, {
      issues: [{ code: 'unsupported_encoding', path: ['headers', 'content-encoding'], message: 'Send the body uncompressed.' }],
    });
  }
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  // No body (`Content-Length: 0`): nothing to read, and no stream iterator to make.
  if (declared === 0) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
    if (state?.signal.aborted === true) break;
  }
  const text = Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, '');
  if (text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = jsonErrorPosition(text);
    let where = '';
    if (position !== undefined) {
      const before = text.slice(0, position);
      where = ` at line ${before.split('\n').length}, column ${position - before.lastIndexOf('\n')} (position ${position})`;
    }
    throw new InvalidArgumentError(`The request body is not valid JSON${where}: ${message}. Send a JSON object (Content-Type: application/json).`, {
      issues: [{ code: 'invalid_json', path: [], message: `Not valid JSON${where}.` }],
      ...(position === undefined ? {} : { details: { position } }),
    });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidArgumentError('The request body must be a JSON object.', {
      issues: [{ code: 'invalid_type', path: [], message: `Expected an object, got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}.` }],
    });
  }
  return value as Record<string, unknown>;
}

function tooLarge(limit: number): DistillError {
  return new DistillError('payload_too_large', `The request body is larger than ${limit} bytes. Send a smaller pipeline, or ask the operator to raise server.bodyLimit.`, {
    issues: [{ code: 'too_large', path: [], message: `At most ${limit} bytes.` }],
    details: { limit },
  });
}
