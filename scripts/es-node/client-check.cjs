// End-to-end check of the test node with the official Node.js client (@elastic/elasticsearch 8.19.x).
// Not part of the build. Run from a scratch directory that has the client installed, e.g.:
//   mkdir -p /tmp/esclient-check && cd /tmp/esclient-check && npm init -y && npm i @elastic/elasticsearch@8.19
//   eval "$(scripts/es-node/start.sh)"; eval "$(scripts/es-node/tls-proxy.sh start)"
//   export DISTILL_ES_URL DISTILL_ES_TLS_URL DISTILL_ES_CA DISTILL_ES_CA_FINGERPRINT DISTILL_ES_OTHER_CA
//   NODE_PATH=/tmp/esclient-check/node_modules node scripts/es-node/client-check.cjs
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const assert = require('node:assert/strict');
const { Client } = require('@elastic/elasticsearch');

const env = (k) => { const v = process.env[k]; if (!v) throw new Error(`${k} is not set`); return v; };
const TEMPLATE = process.env.USERALE_TEMPLATE ||
  path.resolve(__dirname, '../../../shared/reference/userale-es-index-template.json');
const N = 1000;
const results = [];
const ok = (what) => { results.push(what); console.log(`  ok  ${what}`); };

function makeDocs(n) {
  const types = ['click', 'load', 'scroll', 'submit', 'keydown'];
  const base = Date.parse('2024-03-01T00:00:00Z');
  return Array.from({ length: n }, (_, i) => ({
    type: types[i % types.length],
    logType: i % 10 === 0 ? 'custom' : 'raw',
    userId: `user-${i % 7}`,
    sessionId: `session-${i % 13}`,
    pageUrl: `https://app.example/${['home', 'search', 'detail'][i % 3]}/${i % 11}`,
    path: ['div', `section${i % 4}`, `button${i % 5}`],
    target: `button#b${i % 9}`,
    clientTime: base + i * 60_000,          // one per minute
    userAction: i % 2 === 0,
    count: i,
    details: { x: i % 800, y: i % 600, clicks: i % 3, ctrl: i % 4 === 0 },
    location: { x: i % 100, y: i % 50 },
    major_ver: 2, minor_ver: 4, patch_ver: i % 3,
    ...(i % 5 === 0 ? { toolName: 'distill' } : {}),
  }));
}

async function fullCheck(client, label, index) {
  console.log(`\n== ${label}`);
  const info = await client.info();
  ok(`${label}: info() version ${info.version.number}, lucene ${info.version.lucene_version}`);

  const tpl = JSON.parse(fs.readFileSync(TEMPLATE, 'utf8'));
  await client.indices.putIndexTemplate({ name: `tpl-${index}`, index_patterns: [index], template: tpl.template });
  if (await client.indices.exists({ index })) await client.indices.delete({ index });
  await client.indices.create({ index });
  const mapping = await client.indices.getMapping({ index });
  const m = mapping[index].mappings;
  assert.equal(m.dynamic_templates[0].strings_as_keywords.mapping.type, 'keyword');
  assert.equal(m.properties.clientTime.type, 'date');
  const settings = await client.indices.getSettings({ index });
  assert.equal(settings[index].settings.index.analysis.tokenizer.my_tokenizer.type, 'path_hierarchy');
  const an = await client.indices.analyze({ index, analyzer: 'my_analyzer', text: '/a/b/c' });
  assert.deepEqual(an.tokens.map((t) => t.token), ['/a', '/a/b', '/a/b/c']);
  ok(`${label}: index from UserALE template (dynamic_templates, path_hierarchy analyzer -> ${an.tokens.length} tokens)`);

  const docs = makeDocs(N);
  const bulk = await client.helpers.bulk({ datasource: docs, onDocument: () => ({ index: { _index: index } }), refreshOnCompletion: index });
  assert.equal(bulk.successful, N); assert.equal(bulk.failed, 0);
  const body = await client.bulk({ refresh: true, operations: docs.slice(0, 10).flatMap((d) => [{ index: { _index: index, _id: `fixed-${d.count}` } }, d]) });
  assert.equal(body.errors, false);
  const total = N + 10;
  assert.equal((await client.count({ index })).count, total);
  ok(`${label}: bulk ${N} docs (helpers.bulk) + 10 (client.bulk), _count=${total}`);

  const m2 = (await client.indices.getMapping({ index }))[index].mappings.properties;
  assert.equal(m2.userId.type, 'keyword'); assert.equal(m2.path.type, 'keyword');
  ok(`${label}: dynamic strings mapped as keyword (userId, path, pageUrl: ${m2.pageUrl.type})`);

  const s1 = await client.search({
    index, size: 5, track_total_hits: true,
    query: { bool: {
      filter: [
        { term: { type: 'click' } },
        { terms: { userId: ['user-0', 'user-1', 'user-2'] } },
        { range: { clientTime: { gte: '2024-03-01T02:00:00Z', lt: '2024-03-01T12:00:00Z' } } },
        { prefix: { pageUrl: 'https://app.example/' } },
        { wildcard: { target: 'button#b*' } },
        { exists: { field: 'details.x' } },
      ],
      must_not: [{ term: { logType: 'custom' } }],
    } },
    sort: [{ clientTime: 'desc' }],
  });
  const expected1 = docs.concat(docs.slice(0, 10)).filter((d) => d.type === 'click' && ['user-0', 'user-1', 'user-2'].includes(d.userId)
    && d.clientTime >= Date.parse('2024-03-01T02:00:00Z') && d.clientTime < Date.parse('2024-03-01T12:00:00Z') && d.logType !== 'custom').length;
  assert.equal(s1.hits.total.value, expected1);
  ok(`${label}: bool filter (term/terms/range/prefix/wildcard/exists/must_not) hits=${s1.hits.total.value} (expected ${expected1})`);

  const pit = await client.openPointInTime({ index, keep_alive: '1m' });
  let after; let seen = 0; const ids = new Set(); let pages = 0;
  for (;;) {
    const r = await client.search({
      size: 137, pit: { id: pit.id, keep_alive: '1m' },
      sort: [{ userId: 'asc' }, { clientTime: 'asc' }, { _shard_doc: 'asc' }],
      ...(after ? { search_after: after } : {}),
    });
    if (r.hits.hits.length === 0) break;
    pages++; seen += r.hits.hits.length; r.hits.hits.forEach((h) => ids.add(h._id));
    after = r.hits.hits[r.hits.hits.length - 1].sort;
  }
  assert.equal(seen, total); assert.equal(ids.size, total);
  ok(`${label}: PIT + search_after on [userId(keyword), clientTime(date), _shard_doc]: ${pages} pages, ${seen} unique docs`);

  let sliced = 0;
  for (let id = 0; id < 2; id++) {
    const r = await client.search({ size: 2000, pit: { id: pit.id, keep_alive: '1m' }, slice: { id, max: 2 }, sort: ['_shard_doc'] });
    sliced += r.hits.hits.length;
  }
  assert.equal(sliced, total);
  ok(`${label}: sliced PIT (2 slices) covered ${sliced} docs`);
  const closed = await client.closePointInTime({ id: pit.id });
  assert.equal(closed.succeeded, true);
  ok(`${label}: closePointInTime succeeded (num_freed=${closed.num_freed})`);

  let afterKey; let buckets = 0; let compDocs = 0;
  do {
    const r = await client.search({ index, size: 0, aggs: { c: { composite: {
      size: 10, sources: [{ user: { terms: { field: 'userId' } } }, { type: { terms: { field: 'type' } } },
        { day: { date_histogram: { field: 'clientTime', calendar_interval: '1h' } } }],
      ...(afterKey ? { after: afterKey } : {}),
    } } } });
    const c = r.aggregations.c; buckets += c.buckets.length; compDocs += c.buckets.reduce((a, b) => a + b.doc_count, 0);
    afterKey = c.buckets.length ? c.after_key : undefined;
  } while (afterKey);
  assert.equal(compDocs, total);
  ok(`${label}: composite agg (terms+terms+date_histogram sources) paged via after_key: ${buckets} buckets, ${compDocs} docs`);

  const r2 = await client.search({ index, size: 0, aggs: {
    hist: { date_histogram: { field: 'clientTime', fixed_interval: '3h', min_doc_count: 0 } },
    st: { stats: { field: 'details.x' } },
    types: { terms: { field: 'type', size: 10 } },
  } });
  assert.equal(r2.aggregations.hist.buckets.reduce((a, b) => a + b.doc_count, 0), total);
  assert.equal(r2.aggregations.st.count, total);
  assert.equal(r2.aggregations.types.buckets.length, 5);
  ok(`${label}: date_histogram (${r2.aggregations.hist.buckets.length} buckets), stats (max=${r2.aggregations.st.max}), terms (${r2.aggregations.types.buckets.length} buckets)`);

  const fc = await client.fieldCaps({ index, fields: '*' });
  assert.equal(fc.fields.clientTime.date.aggregatable, true);
  assert.equal(fc.fields.userId.keyword.searchable, true);
  ok(`${label}: field_caps (${Object.keys(fc.fields).length} fields)`);

  const st = await client.indices.stats({ index, metric: 'indexing' });
  assert.equal(st.indices[index].primaries.indexing.index_total, total);
  const cat = await client.cat.indices({ index, format: 'json' });
  assert.equal(Number(cat[0]['docs.count']), total);
  ok(`${label}: _stats indexing.index_total=${st.indices[index].primaries.indexing.index_total}, _cat/indices docs.count=${cat[0]['docs.count']}`);

  await client.indices.delete({ index });
  await client.indices.deleteIndexTemplate({ name: `tpl-${index}` });
}

async function expectTlsFailure(label, opts) {
  const client = new Client({ node: env('DISTILL_ES_TLS_URL'), maxRetries: 0, requestTimeout: 5000, ...opts });
  try {
    await client.info();
    throw new Error(`${label}: expected a TLS failure, got a response`);
  } catch (e) {
    if (e.message.startsWith(label)) throw e;
    ok(`${label}: rejected as expected (${e.name}: ${e.message.split('\n')[0]})`);
  } finally { await client.close(); }
}

(async () => {
  const plain = new Client({ node: env('DISTILL_ES_URL') });
  await fullCheck(plain, 'http', 'userale-check-http');
  await plain.close();

  const ca = fs.readFileSync(env('DISTILL_ES_CA'));
  const withCa = new Client({ node: env('DISTILL_ES_TLS_URL'), tls: { ca } });
  await fullCheck(withCa, 'tls+ca', 'userale-check-tls-ca');
  await withCa.close();

  const withFp = new Client({ node: env('DISTILL_ES_TLS_URL'), caFingerprint: env('DISTILL_ES_CA_FINGERPRINT'), tls: { rejectUnauthorized: false } });
  await fullCheck(withFp, 'tls+caFingerprint', 'userale-check-tls-fp');
  await withFp.close();

  console.log('\n== rejection');
  await expectTlsFailure('tls+other CA', { tls: { ca: fs.readFileSync(env('DISTILL_ES_OTHER_CA')) } });
  await expectTlsFailure('tls+no CA (system trust store)', {});
  const otherFp = require('node:crypto').createHash('sha256')
    .update(Buffer.from(fs.readFileSync(env('DISTILL_ES_OTHER_CA'), 'utf8').replace(/-----[^-]+-----|\s/g, ''), 'base64'))
    .digest('hex').toUpperCase().match(/../g).join(':');
  await expectTlsFailure('tls+other CA fingerprint', { caFingerprint: otherFp, tls: { rejectUnauthorized: false } });

  console.log(`\n${results.length} passed, 0 failed`);
})().catch((e) => { console.error('FAILED:', e); console.log(`${results.length} passed, 1 failed`); process.exit(1); });
