import { HTTP_STATUS, PROBLEM_TITLES, PROBLEM_TYPE_BASE } from '../problem.js';
import { ERROR_CODES } from './error-codes.js';

type Json = Record<string, unknown>;

/** Content-Security-Policy of the page: nothing may load from anywhere, not even this origin; no scripts. */
export const DOCS_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * Render the OpenAPI document as one self-contained HTML page: every path and method with its parameters, request
 * body schema, responses and curl and Python examples; every operator with a params table and examples; the
 * problem types; the component schemas. No scripts, stylesheets, fonts or images from anywhere — the executables
 * run without internet, and the page's CSP forbids any fetch.
 */
export function renderDocs(doc: Json): string {
  const info = doc.info as Json;
  const paths = doc.paths as Record<string, Record<string, Json>>;
  const schemas = ((doc.components as Json).schemas ?? {}) as Record<string, unknown>;
  const ops = Object.entries(paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
  const byTag = new Map<string, typeof ops>();
  for (const o of ops) {
    const tag = ((o.op.tags as string[] | undefined) ?? ['Other'])[0]!;
    byTag.set(tag, [...(byTag.get(tag) ?? []), o]);
  }
  const operators = ops.filter((o) => typeof o.op['x-distill-operator'] === 'string');

  const toc = [...byTag.entries()]
    .map(([tag, list]) => `<li>${esc(tag)}<ul>${list.map((o) => `<li><a href="#${anchor(o.op)}"><span class="m ${o.method}">${o.method.toUpperCase()}</span> ${esc(o.path)}</a></li>`).join('')}</ul></li>`)
    .join('');

  const sections = [...byTag.entries()]
    .map(([tag, list]) => `<h2 id="tag-${slug(tag)}">${esc(tag)}</h2>${list.map((o) => operation(o.path, o.method, o.op, schemas)).join('')}`)
    .join('');

  const operatorSection = operators
    .map((o) => {
      const name = o.op['x-distill-operator'] as string;
      const body = ((o.op.requestBody as Json).content as Record<string, Json>)['application/json']!;
      const runRequest = resolve(body.schema, schemas);
      const params = resolve((runRequest?.properties as Json | undefined)?.params, schemas);
      return `<section class="operator" id="operator-${slug(name)}" data-operator="${esc(name)}"><h3><code>${esc(name)}</code></h3>${para(String(o.op.description ?? ''))}${paramsTable(params, schemas)}<p><a href="#${anchor(o.op)}">POST /v1/operators/${esc(name)}/run</a></p></section>`;
    })
    .join('');

  const problems = ERROR_CODES.map((code) => `<tr><td><code>${esc(code)}</code></td><td>${HTTP_STATUS[code]}</td><td>${esc(PROBLEM_TITLES[code])}</td><td><code>${esc(PROBLEM_TYPE_BASE + code)}</code></td></tr>`).join('');

  const schemaList = Object.entries(schemas)
    .map(([name, s]) => `<details id="schema-${esc(name)}"><summary><code>${esc(name)}</code></summary><pre>${esc(JSON.stringify(s, null, 2))}</pre></details>`)
    .join('');

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(String(info.title))} ${esc(String(info.version))}</title>
<style>${CSS}</style></head>
<body><nav><h1>${esc(String(info.title))} <small>${esc(String(info.version))}</small></h1><ul>${toc}<li><a href="#operators">Operators</a></li><li><a href="#problems">Problem types</a></li><li><a href="#schemas">Schemas</a></li></ul></nav>
<main>
<h1>${esc(String(info.title))} <small>${esc(String(info.version))}</small></h1>
${para(String(info.description ?? ''))}
<h2>Calling it</h2>
<p>Set <code>DISTILL_URL</code> (printed by <code>distill serve</code>, e.g. <code>https://127.0.0.1:8443</code>), <code>DISTILL_TOKEN</code> and <code>DISTILL_CERT</code> (the certificate file it printed). The certificate is self-signed unless you gave your own: trust exactly that file, and compare its SHA-256 fingerprint with the one the server printed.</p>
<pre>curl --cacert "$DISTILL_CERT" -H "Authorization: Bearer $DISTILL_TOKEN" "$DISTILL_URL/v1/sources"</pre>
<pre>${esc(PYTHON_SETUP)}</pre>
<p>Formats: <code>?format=json|ndjson|csv</code> or <code>Accept: application/json | application/x-ndjson | text/csv</code>. NDJSON and CSV carry statistics and warnings as HTTP trailers <code>Distill-Stats</code> and <code>Distill-Warnings</code>. Paging: <code>?limit=n</code>, then <code>?cursor=</code> with <code>page.next</code> (or the <code>Distill-Next-Cursor</code> header).</p>
${sections}
<h2 id="operators">Operators</h2>
${operatorSection}
<h2 id="problems">Problem types</h2>
<p>Errors are <code>application/problem+json</code> (RFC 9457) with <code>type</code>, <code>title</code>, <code>status</code>, <code>detail</code>, <code>code</code>, <code>instance</code>, <code>requestId</code> and <code>issues</code> (each <code>{ code, path, message }</code>, the path pointing at the offending part of your request).</p>
<table><thead><tr><th>code</th><th>status</th><th>title</th><th>type</th></tr></thead><tbody>${problems}</tbody></table>
<h2 id="schemas">Schemas</h2>
${schemaList}
</main></body></html>
`;
}

const PYTHON_SETUP = `import os, requests, pandas as pd
s = requests.Session()
s.verify = os.environ["DISTILL_CERT"]            # trust exactly the server's certificate
s.headers["Authorization"] = "Bearer " + os.environ["DISTILL_TOKEN"]
URL = os.environ["DISTILL_URL"]`;

function operation(path: string, method: string, op: Json, schemas: Record<string, unknown>): string {
  const params = (op.parameters as Json[] | undefined) ?? [];
  const body = op.requestBody as Json | undefined;
  const media = body === undefined ? undefined : ((body.content as Record<string, Json>)['application/json'] as Json | undefined);
  const example = media === undefined ? undefined : firstExample(media);
  const responses = Object.entries(op.responses as Record<string, Json>)
    .map(([status, r]) => {
      const resolved = typeof r.$ref === 'string' ? { description: `Problem (${refName(r.$ref)})`, content: { 'application/problem+json': {} } } : r;
      const types = Object.keys((resolved.content as Json | undefined) ?? {}).join(', ');
      return `<tr><td>${esc(status)}</td><td>${esc(String(resolved.description ?? ''))}</td><td>${esc(types)}</td></tr>`;
    })
    .join('');
  const paramRows = params
    .map((p) => `<tr><td><code>${esc(String(p.name))}</code></td><td>${esc(String(p.in))}</td><td>${p.required === true ? 'yes' : ''}</td><td>${esc(typeLabel(p.schema as Json | undefined, schemas))}</td><td>${esc(String(p.description ?? ''))}</td></tr>`)
    .join('');
  const open = Array.isArray(op.security) && op.security.length === 0;
  const concretePath = path.replace(/\{name\}/g, 'NAME');
  const curl = [
    `curl --cacert "$DISTILL_CERT"${open ? '' : ' -H "Authorization: Bearer $DISTILL_TOKEN"'}`,
    method === 'post' ? ` -X POST -H "Content-Type: application/json" -d '${JSON.stringify(example ?? {})}'` : '',
    ` "$DISTILL_URL${concretePath}"`,
  ].join('');
  const python =
    method === 'post'
      ? `r = s.post(URL + "${concretePath}", json=${pythonLiteral(example ?? {})})\nr.raise_for_status()\nenv = r.json()${path.includes('/run') || path === '/v1/query' ? '\ndf = pd.DataFrame.from_records(env["result"].get("rows") or env["result"].get("events"))' : ''}`
      : `r = s.get(URL + "${concretePath}")\nr.raise_for_status()\nprint(r.json())`;
  return `<section class="op" id="${anchor(op)}">
<h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${esc(path)}</code>${open ? ' <span class="badge">no token</span>' : ''}</h3>
<p><strong>${esc(String(op.summary ?? ''))}</strong></p>${para(String(op.description ?? ''))}
${paramRows === '' ? '' : `<h4>Parameters</h4><table><thead><tr><th>name</th><th>in</th><th>required</th><th>type</th><th>description</th></tr></thead><tbody>${paramRows}</tbody></table>`}
${media === undefined ? '' : `<h4>Request body${body?.required === true ? '' : ' (optional)'}</h4><p>Schema: ${schemaLink(media.schema)}</p>${example === undefined ? '' : `<pre>${esc(JSON.stringify(example, null, 2))}</pre>`}`}
<h4>Responses</h4><table><thead><tr><th>status</th><th>description</th><th>media types</th></tr></thead><tbody>${responses}</tbody></table>
<h4>Examples</h4><pre>${esc(curl)}</pre><pre>${esc(python)}</pre>
</section>`;
}

function paramsTable(schema: Json | undefined, schemas: Record<string, unknown>): string {
  const properties = (schema?.properties ?? {}) as Record<string, Json>;
  const required = new Set((schema?.required as string[] | undefined) ?? []);
  const rows = Object.entries(properties)
    .map(([name, p]) => `<tr><td><code>${esc(name)}</code></td><td>${esc(typeLabel(p, schemas))}</td><td>${required.has(name) ? 'yes' : ''}</td><td>${p.default === undefined ? '' : `<code>${esc(JSON.stringify(p.default))}</code>`}</td><td>${esc(String(p.description ?? ''))}</td></tr>`)
    .join('');
  return rows === '' ? '<p>No params.</p>' : `<table><thead><tr><th>param</th><th>type</th><th>required</th><th>default</th><th>description</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function firstExample(media: Json): unknown {
  const examples = media.examples as Record<string, Json> | undefined;
  if (examples !== undefined) {
    const first = Object.values(examples)[0];
    if (first !== undefined) return first.value;
  }
  return media.example;
}

function resolve(schema: unknown, schemas: Record<string, unknown>): Json | undefined {
  let s = schema as Json | undefined;
  for (let i = 0; i < 10 && s !== undefined && typeof s.$ref === 'string'; i++) s = schemas[refName(s.$ref)] as Json | undefined;
  return s;
}

function typeLabel(schema: Json | undefined, schemas: Record<string, unknown>): string {
  if (schema === undefined) return '';
  if (typeof schema.$ref === 'string') return refName(schema.$ref);
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  const variants = (schema.anyOf ?? schema.oneOf) as Json[] | undefined;
  if (variants !== undefined) return variants.map((v) => typeLabel(v, schemas)).join(' | ');
  if (schema.type === 'array') return `${typeLabel(schema.items as Json | undefined, schemas) || 'any'}[]`;
  if (typeof schema.type === 'string') return schema.type;
  return 'any';
}

function schemaLink(schema: unknown): string {
  const ref = (schema as Json | undefined)?.$ref;
  return typeof ref === 'string' ? `<a href="#schema-${esc(refName(ref))}"><code>${esc(refName(ref))}</code></a>` : '<code>object</code>';
}

function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}

function anchor(op: Json): string {
  return `op-${slug(String(op.operationId))}`;
}

function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]/g, '-');
}

/** Paragraphs from plain text with `code` spans. */
function para(text: string): string {
  return text
    .split(/\n{2,}/)
    .filter((p) => p.trim() !== '')
    .map((p) => `<p>${esc(p).replace(/`([^`]+)`/g, '<code>$1</code>')}</p>`)
    .join('');
}

function pythonLiteral(value: unknown): string {
  return JSON.stringify(value).replace(/\btrue\b/g, 'True').replace(/\bfalse\b/g, 'False').replace(/\bnull\b/g, 'None');
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const CSS = `
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2329;display:flex}
nav{position:sticky;top:0;height:100vh;overflow:auto;width:300px;flex:none;background:#f4f6f8;border-right:1px solid #d8dde2;padding:12px;box-sizing:border-box;font-size:13px}
nav ul{list-style:none;padding-left:10px;margin:4px 0}nav a{color:#1d2329;text-decoration:none}nav h1{font-size:16px}
main{padding:16px 32px;max-width:1000px;min-width:0}
h2{border-bottom:1px solid #d8dde2;margin-top:40px}section{margin:24px 0;padding-bottom:8px;border-bottom:1px dashed #e3e7eb}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px}
pre{background:#f4f6f8;padding:10px;overflow:auto;border-radius:4px}
table{border-collapse:collapse;width:100%;margin:8px 0}td,th{border:1px solid #d8dde2;padding:4px 8px;text-align:left;vertical-align:top}
.m{display:inline-block;min-width:44px;text-align:center;border-radius:3px;color:#fff;font-size:11px;font-weight:700;padding:1px 4px}
.m.get{background:#2f7d32}.m.post{background:#1f5fa8}.badge{font-size:11px;background:#fff3c4;border-radius:3px;padding:1px 5px}
small{color:#5a6570;font-weight:400}`;
