import type { PipelineRequest } from './api/types.js';

/** The three ways to run a pipeline outside the app. */
export type CodeFlavour = 'cli' | 'python' | 'curl';

/**
 * The same pipeline as a command line, Python (requests) and curl, ready to paste. The CLI form runs it with
 * `distill run '<json>' --source <name>`; Python and curl post it to `/v1/pipelines/run` with the certificate
 * pinned and the token from the environment, as the API reference (/docs) shows.
 *
 * @example
 * pipelineCode({ source: 'sample', steps: [{ op: 'count-by', by: 'type' }] }, 'cli')
 * // → distill run '{"steps":[{"op":"count-by","by":"type"}]}' --source sample
 */
export function pipelineCode(pipeline: PipelineRequest, flavour: CodeFlavour): string {
  const { source, ...rest } = pipeline;
  const json = JSON.stringify(rest);
  if (flavour === 'cli') return `distill run ${shellQuote(json)}${source === undefined ? '' : ` --source ${shellQuote(source)}`}`;
  const body = JSON.stringify(pipeline);
  if (flavour === 'curl') {
    return `curl --cacert "$DISTILL_CERT" -H "Authorization: Bearer $DISTILL_TOKEN" -H "Content-Type: application/json" \\\n  -d ${shellQuote(body)} "$DISTILL_URL/v1/pipelines/run"`;
  }
  return [
    'import os, requests, pandas as pd',
    's = requests.Session()',
    's.verify = os.environ["DISTILL_CERT"]',
    's.headers["Authorization"] = "Bearer " + os.environ["DISTILL_TOKEN"]',
    `r = s.post(os.environ["DISTILL_URL"] + "/v1/pipelines/run", json=${pythonLiteral(pipeline)})`,
    'r.raise_for_status()',
    'env = r.json()',
    'df = pd.DataFrame.from_records(env["result"].get("rows") or env["result"].get("edges") or env["result"].get("events"))',
  ].join('\n');
}

/** POSIX shell single quotes (a `'` becomes `'\''`). */
export function shellQuote(text: string): string {
  return /^[A-Za-z0-9_./:=@-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A JSON value as a Python literal (True/False/None). */
export function pythonLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number' || typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(pythonLiteral).join(', ')}]`;
  return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${JSON.stringify(k)}: ${pythonLiteral(v)}`).join(', ')}}`;
}
