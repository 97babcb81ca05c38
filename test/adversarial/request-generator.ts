import type { SeededRandom } from './seeded-random.js';

/** One fuzzed HTTP request: through the HTTP client (`raw` undefined) or as raw bytes over TLS. */
export interface FuzzRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string | Buffer;
  /** Raw request bytes sent over a TLS socket as they are (bad methods, over-long headers, smuggling framing). */
  readonly raw?: string;
  /** What the request is, for failure messages and the statistics. */
  readonly label: string;
}

/** An operation of the OpenAPI document. */
export interface Operation {
  readonly method: string;
  readonly path: string;
  readonly parameters: readonly { name: string; in: string }[];
}

export interface Vocabulary {
  readonly token: string;
  readonly operators: readonly string[];
  readonly pipelines: readonly string[];
  readonly sources: readonly string[];
  /** A cursor a real first page returned (mutated into forgeries). */
  readonly cursor: string;
}

/** The operations of an OpenAPI document, every method of every path. */
export function operationsOf(openapi: { paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>> }): Operation[] {
  const out: Operation[] = [];
  for (const [path, ops] of Object.entries(openapi.paths)) {
    for (const [method, op] of Object.entries(ops)) out.push({ method: method.toUpperCase(), path, parameters: op.parameters ?? [] });
  }
  return out;
}

const FIELDS = ['type', 'user', 'session', 'time', 'target', 'path', 'page', 'details.clicks', 'doc.type', 'constructor', 'toString', '__proto__', 'hasOwnProperty', 'a.b.c.d', '', ' ', '..', 'valueOf'];
const TIMES = ['now-7d/d', 'now', 'now+300000y', 'now-300000y', '2024-05-01', '2024-05-01||+1M/d', '+275760-09-13T00:00:00.001Z', '1e400', 'yesterday', 8.64e15 + 1, -1e20, 0, 1.5];
const SCALARS = [0, -1, 1e308, -0, 1.7976931348623157e308, 5e-324, 'x', '', 'é\u0000\ud800', true, false, null, 'a'.repeat(1000)];
const OPS = ['eq', 'ne', 'in', 'nin', 'gt', 'gte', 'lt', 'lte', 'exists', 'prefix', 'contains', 'eqq', '__proto__', 'constructor'];
const FORMATS = ['json', 'ndjson', 'csv', 'xml', '', 'JSON', 'gexf'];
const ACCEPTS = ['application/json', 'application/x-ndjson', 'text/csv', 'text/html', '*/*', 'application/xml', 'text/csv;q=0, */*;q=0', ''];
const CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', ''];

/**
 * A seeded generator of adversarial requests across every operation of the OpenAPI document: valid requests
 * mutated by deep nesting, huge arrays, prototype keys, wrong types, extreme dates, forged cursors, long chains of
 * steps, corrupted and oversized bodies, bad methods, paths and headers, and raw requests Node's parser rejects.
 */
export function createRequestGenerator(random: SeededRandom, operations: readonly Operation[], vocabulary: Vocabulary): () => FuzzRequest {
  const pick = <T>(items: readonly T[]): T => random.pick(items);
  const chance = (p: number): boolean => random.chance(p);

  const condition = (depth: number): unknown => {
    if (depth <= 0 || chance(0.4)) {
      const op = pick(OPS);
      const value = op === 'in' || op === 'nin' ? Array.from({ length: random.int(5) }, () => pick(SCALARS)) : op === 'exists' ? pick([true, false, 'yes']) : pick([...SCALARS, ...TIMES]);
      return chance(0.9) ? { field: pick(FIELDS), op, value } : { field: pick(FIELDS), op, value, extra: 1 };
    }
    const kind = pick(['all', 'any', 'not'] as const);
    return kind === 'not' ? { not: condition(depth - 1) } : { [kind]: Array.from({ length: 1 + random.int(3) }, () => condition(depth - 1)) };
  };
  const deepCondition = (): unknown => {
    let node: unknown = { field: 'type', op: 'eq', value: 'click' };
    const kind = pick(['all', 'any', 'not'] as const);
    for (let i = 50 + random.int(3000); i > 0; i--) node = kind === 'not' ? { not: node } : { [kind]: [node] };
    return node;
  };
  const query = (): Record<string, unknown> => {
    const q: Record<string, unknown> = {};
    if (chance(0.5)) q.where = chance(0.05) ? deepCondition() : chance(0.05) ? { any: Array.from({ length: 300 + random.int(20_000) }, (_, i) => ({ field: `f${i}`, op: 'eq', value: i })) } : condition(3);
    if (chance(0.3)) q.time = { from: pick(TIMES), ...(chance(0.5) ? { to: pick(TIMES) } : {}) };
    if (chance(0.2)) q.fields = Array.from({ length: chance(0.1) ? 200 + random.int(5000) : random.int(5) }, () => pick(FIELDS));
    if (chance(0.2)) q.sort = [pick(['time', '-time', 'user', '-constructor', { field: 'type', order: 'desc' }, { field: 'x', order: 'sideways' }])];
    if (chance(0.2)) q.limit = pick([0, 1, 5, -1, 1.5, 1e9, 'ten']);
    return q;
  };
  const params = (op: string): Record<string, unknown> => {
    switch (op) {
      case 'count-by':
        return { by: chance(0.1) ? Array.from({ length: 100 + random.int(4000) }, (_, i) => `f${i}`) : chance(0.5) ? pick(FIELDS) : [pick(FIELDS), pick(FIELDS)], ...(chance(0.3) ? { explode: pick([true, false, 1]) } : {}), ...(chance(0.2) ? { limit: pick([1, 0, -5, 1e12]) } : {}), ...(chance(0.2) ? { share: true } : {}) };
      case 'count-over-time':
        return { every: pick(['1h', '1d', '1M', '0s', '-1d', '999999999y', 'weekly', '1w']), ...(chance(0.3) ? { by: pick(FIELDS) } : {}) };
      case 'filter':
        return { where: chance(0.05) ? deepCondition() : condition(3) };
      case 'limit':
        return { n: pick([0, 1, 10, -1, 1e15, 'x']) };
      case 'project':
        return { fields: Array.from({ length: 1 + random.int(4) }, () => (chance(0.5) ? pick(FIELDS) : { field: pick(FIELDS), as: pick(['count', '__proto__', 'x', 'constructor', '']) })) };
      case 'sort':
        return { by: pick(['time', '-time', ['user', '-time'], '', 3]) };
      default:
        return { [pick(FIELDS)]: pick(SCALARS) };
    }
  };
  const step = (): Record<string, unknown> => {
    const op = chance(0.95) ? pick(vocabulary.operators) : pick(['nope', '__proto__', 'constructor', '']);
    return { op, ...params(op) };
  };
  const pipeline = (): Record<string, unknown> => {
    const n = chance(0.03) ? 100 + random.int(5000) : random.int(4);
    const doc: Record<string, unknown> = { steps: Array.from({ length: n }, () => (n > 50 ? { op: 'limit', n: 1000 } : step())) };
    if (chance(0.5)) doc.query = query();
    if (chance(0.2)) doc.source = pick([...vocabulary.sources, 'nope', '../etc', '__proto__']);
    if (chance(0.1)) doc.output = { format: pick(FORMATS) };
    if (chance(0.1)) doc.strict = pick([true, false, 'yes']);
    return doc;
  };
  const bodyFor = (path: string, name: string): unknown => {
    if (path === '/v1/query') return { query: query(), ...(chance(0.2) ? { source: pick([...vocabulary.sources, 'nope']) } : {}), ...(chance(0.1) ? { format: pick(FORMATS) } : {}) };
    if (path === '/v1/pipelines/run') return pipeline();
    if (path.endsWith('/run') && path.startsWith('/v1/pipelines/')) return chance(0.5) ? {} : { source: pick([...vocabulary.sources, 'nope']), ...(chance(0.2) ? { strict: true } : {}) };
    if (path.startsWith('/v1/operators/')) return { params: params(name), ...(chance(0.5) ? { query: query() } : {}), ...(chance(0.1) ? { source: pick(vocabulary.sources) } : {}) };
    return pipeline();
  };
  /** Mutate a JSON value in place at a random node: a prototype key, a wrong type, a huge array, deep nesting. */
  const mutate = (value: unknown): unknown => {
    const choice = random.int(7);
    if (choice === 0) return JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}') as unknown;
    if (choice === 1) return pick(SCALARS);
    if (choice === 2) return Array.from({ length: 1000 + random.int(30_000) }, () => 1);
    if (choice === 3) {
      let node: unknown = {};
      for (let i = random.int(5000); i > 0; i--) node = chance(0.5) ? [node] : { a: node };
      return node;
    }
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const keys = Object.keys(value);
      if (keys.length > 0) {
        const key = pick(keys);
        (value as Record<string, unknown>)[key] = mutate((value as Record<string, unknown>)[key]);
      }
      if (chance(0.3)) (value as Record<string, unknown>)[pick(['__proto__', 'constructor', 'toString', 'unknown', ''])] = pick(SCALARS);
      return value;
    }
    return value;
  };
  /** A valid JSON body nested 10,000–100,000 levels deep, built as text (no recursion on this side). */
  const deepText = (): string => {
    const depth = 10_000 + random.int(90_000);
    const open = pick(['{"not":', '{"all":[', '[']);
    const close = open === '{"not":' ? '}' : open === '[' ? ']' : ']}';
    return `{"query":{"where":${open.repeat(depth)}{"field":"type","op":"exists"}${close.repeat(depth)}},"steps":[]}`;
  };
  const forgedCursor = (): string => {
    const state = JSON.parse(Buffer.from(vocabulary.cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    const forms = [
      () => Buffer.from(JSON.stringify({ ...state, n: pick([1e20, -1e20, 8.64e15 + 1, 'now', null]) })).toString('base64url'),
      () => Buffer.from(JSON.stringify({ ...state, o: pick([-1, 1e300, 0.5, 2 ** 53]) })).toString('base64url'),
      () => Buffer.from(JSON.stringify({ ...state, h: 'x' })).toString('base64url'),
      () => Buffer.from(JSON.stringify(pick([null, [], 1, '__proto__', { v: 1, __proto__: 1 }]))).toString('base64url'),
      () => 'a'.repeat(random.int(5000)),
      () => '%%%',
      () => vocabulary.cursor,
    ];
    return pick(forms)();
  };
  const pathParam = (name: string, op: Operation): string => {
    if (chance(0.8)) {
      if (name === 'name' && op.path.startsWith('/v1/operators')) return pick(vocabulary.operators);
      if (name === 'name' && op.path.startsWith('/v1/pipelines')) return pick(vocabulary.pipelines);
      if (name === 'name' && op.path.startsWith('/v1/sources')) return pick(vocabulary.sources);
    }
    return pick(['..%2F..%2Fetc%2Fpasswd', '%00', 'x'.repeat(random.int(3000)), '__proto__', 'constructor', '%E2%82%AC', '%ZZ', '.', 'nope']);
  };
  const queryString = (op: Operation): string => {
    const parts: string[] = [];
    for (const p of op.parameters) {
      if (p.in !== 'query' || !chance(0.3)) continue;
      let value: string;
      if (p.name === 'limit') value = String(pick([1, 5, 0, -1, 10_001, 1.5, 'x', '']));
      else if (p.name === 'cursor') value = forgedCursor();
      else if (p.name === 'format') value = pick(FORMATS);
      else if (p.name === 'source') value = pick([...vocabulary.sources, 'nope', '__proto__']);
      else if (p.name === 'sample') value = String(pick([1, 100, 0, -1, 1e9, 'all']));
      else value = 'x';
      parts.push(`${p.name}=${encodeURIComponent(value)}`);
    }
    if (chance(0.05)) parts.push(pick(['cursor=abc', 'limit=1&limit=2', '__proto__=1', 'format[]=json', '%ZZ=1']));
    if (op.path === '/v1/pipelines/run' && chance(0.1) && !parts.some((x) => x.startsWith('limit='))) parts.push('limit=2', `cursor=${forgedCursor()}`);
    return parts.length === 0 ? '' : `?${parts.join('&')}`;
  };
  const rawRequest = (): FuzzRequest => {
    const forms = [
      () => `${pick(['BREW', 'GE T', 'CONNECT', 'TRACE', 'PRI', 'G\u0001ET'])} /v1/health HTTP/1.1\r\nHost: x\r\n\r\n`,
      () => `GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(17_000 + random.int(20_000))}\r\n\r\n`,
      () => `POST /v1/query HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
      () => `POST /v1/query HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello`,
      () => `GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n`,
      () => `GET /v1/health HTTP/9.9\r\n\r\n`,
      () => `POST /v1/query HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n`,
    ];
    return { method: 'RAW', path: '', headers: {}, raw: pick(forms)(), label: 'raw' };
  };

  return (): FuzzRequest => {
    if (chance(0.02)) return rawRequest();
    const op = pick(operations);
    let method = op.method;
    if (chance(0.05)) method = pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD']);
    let name = '';
    let path = op.path.replace(/\{(\w+)\}/g, (_, p: string) => {
      name = pathParam(p, op);
      return name;
    });
    if (chance(0.02)) path = pick(['/v1/nope', '/v1//health', '/v1/health/', '/%2e%2e/%2e%2e/etc/passwd', '/v1/sources/../../etc', `/${'a'.repeat(5000)}`, '/v1/operators/%00/run']);
    path += queryString(op);
    const headers: Record<string, string> = {};
    const auth = random.int(20);
    if (auth > 1) headers.Authorization = `Bearer ${vocabulary.token}`;
    else if (auth === 1) headers.Authorization = pick([`Bearer ${vocabulary.token}x`, 'Basic abc', 'Bearer', `bearer  ${vocabulary.token}`, '']);
    if (chance(0.1)) headers.Accept = pick(ACCEPTS);
    if (chance(0.05)) headers['X-Request-Id'] = pick(['ok-1', 'x'.repeat(300), 'bad id', '\u00e9']).replace(/[^\x20-\x7e]/g, '?');
    let body: string | Buffer | undefined;
    if (method === 'POST' || (method !== 'HEAD' && chance(0.03))) {
      headers['Content-Type'] = chance(0.95) ? 'application/json' : pick(CONTENT_TYPES);
      let doc = bodyFor(op.path, name);
      for (let m = random.int(3); m > 0; m--) doc = mutate(doc);
      let text: string;
      try {
        text = JSON.stringify(doc);
      } catch {
        text = deepText(); // nested too deep for this process's JSON.stringify: write it as text
      }
      if (chance(0.01)) text = deepText();
      const damage = random.int(40);
      if (damage === 0) text = text.slice(0, random.int(text.length));
      else if (damage === 1) text = `${text}}`;
      else if (damage === 2) text = pick(['', 'null', '[]', '"x"', '{"a":1,"a":2}', 'NaN', '\ufeff{}', '{'.repeat(100_000)]);
      else if (damage === 3) body = Buffer.concat([Buffer.from(text.slice(0, 10)), Buffer.from([0xff, 0xfe, 0x00]), Buffer.from(text.slice(10))]);
      else if (damage === 4 && chance(0.2)) text = JSON.stringify({ steps: [], pad: 'x'.repeat(1_100_000) });
      if (body === undefined) body = text;
    }
    return { method, path, headers, ...(body === undefined ? {} : { body }), label: `${method} ${op.path}` };
  };
}
