import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { pipelineCode, pythonLiteral, shellQuote } from '../../../ui/src/pipeline-code.js';

const pipeline = { source: 'sample', query: { where: { field: 'page', op: 'eq', value: "/o'neil" } }, steps: [{ op: 'count-by', by: 'type', share: true }] };

test('the CLI form is distill run with the pipeline as one shell word and the source flag', () => {
  assert.equal(pipelineCode({ source: 'sample', steps: [{ op: 'count-by', by: 'type' }] }, 'cli'), `distill run '{"steps":[{"op":"count-by","by":"type"}]}' --source sample`);
});

test('shell quoting survives a real shell: the quoted pipeline comes back byte for byte', () => {
  const json = JSON.stringify(pipeline);
  assert.equal(execFileSync('sh', ['-c', `printf %s ${shellQuote(json)}`], { encoding: 'utf8' }), json);
});

test('Python literals use True/False/None and JSON strings', () => {
  assert.equal(pythonLiteral({ a: true, b: [null, 1.5, 'x'], c: false }), '{"a": True, "b": [None, 1.5, "x"], "c": False}');
  assert.match(pipelineCode(pipeline, 'python'), /json=\{"source": "sample", "query": .*"share": True\}\]\}\)/);
});

test('curl posts the whole request (source included) to /v1/pipelines/run with the pinned certificate and the token', () => {
  const curl = pipelineCode(pipeline, 'curl');
  assert.ok(curl.startsWith('curl --cacert "$DISTILL_CERT" -H "Authorization: Bearer $DISTILL_TOKEN"'));
  assert.ok(curl.endsWith(`-d ${shellQuote(JSON.stringify(pipeline))} "$DISTILL_URL/v1/pipelines/run"`));
});
