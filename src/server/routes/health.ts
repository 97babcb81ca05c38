import { toDistillError } from '../../core/errors.js';
import type { EventSource } from '../../core/source.js';
import { WarningCollector } from '../../core/warnings.js';
import { VERSION } from '../../version.js';
import { jsonContent } from '../openapi/common-docs.js';
import { HealthSchema } from '../openapi/schemas.js';
import type { RouteSpec } from '../route.js';
import type { ServerEnv } from '../server-deps.js';

interface Probe {
  readonly id: string;
  readonly kind: string;
  readonly reachable: boolean;
  readonly ms: number;
  readonly error?: { readonly code: string; readonly message: string };
}

/** How long a probe result is reused: concurrent and rapid polls share one probe per source. */
const PROBE_REUSE_MS = 1000;
const cache = new WeakMap<ServerEnv, { at: number; probes: Promise<Probe[]> }>();
/** The JSON text of each probe round (shared by the polls that reuse it). */
const probesJson = new WeakMap<Probe[], string>();
const VERSION_JSON = JSON.stringify(VERSION);

export const healthRoute: RouteSpec = {
  method: 'GET',
  path: '/v1/health',
  operationId: 'getHealth',
  summary: 'Health, version, uptime and the reachability of every source.',
  description:
    'No token needed. Each configured source is probed (its `ping()` when it has one, else a one-document read), each ' +
    'probe time-boxed (2 s by default), and results are shared by polls less than a second apart. `status` is `degraded` ' +
    'when a source is unreachable; the HTTP status stays 200 as long as the server itself answers. Without a valid ' +
    'token the answer is only `{ "status" }`; with one it adds the version, uptime and each source\'s probe.',
  tag: 'Service',
  access: 'always',
  doc: (c) => ({ responses: { '200': { description: 'The server is up.', content: jsonContent(c, 'Health', HealthSchema) } }, problems: [] }),
  async handle(ctx, env) {
    const probes = await probeSources(env);
    const status = probes.every((p) => p.reachable) ? 'ok' : 'degraded';
    // A JSON string, not an object: Koa's body setter tests objects against the fetch classes (`Response`, …), whose
    // first use loads Node's fetch implementation — ~10 ms of a server's first answer, which is usually this one.
    // The header set directly: Koa's `type` setter looks the media type up again at every request.
    ctx.set('Content-Type', 'application/json; charset=utf-8');
    // Without a token: whether the server and its sources answer, nothing about what they are.
    if (ctx.state.authenticated !== true) ctx.body = status === 'ok' ? '{"status":"ok"}' : '{"status":"degraded"}';
    else {
      // = JSON.stringify({ status, version, uptimeS, sources }), with the probes' JSON made once per probe round.
      let sources = probesJson.get(probes);
      if (sources === undefined) probesJson.set(probes, (sources = JSON.stringify(probes)));
      const uptimeS = Math.round((env.now() - env.startedAt) / 10) / 100;
      ctx.body = `{"status":"${status}","version":${VERSION_JSON},"uptimeS":${JSON.stringify(uptimeS)},"sources":${sources}}`;
    }
  },
};

function probeSources(env: ServerEnv): Promise<Probe[]> {
  const now = Date.now();
  const hit = cache.get(env);
  if (hit !== undefined && now - hit.at < PROBE_REUSE_MS) return hit.probes;
  const probes = Promise.all(Object.keys(env.distill.loaded.config.sources).map((name) => probe(env, name)));
  cache.set(env, { at: now, probes });
  return probes;
}

async function probe(env: ServerEnv, name: string): Promise<Probe> {
  const started = performance.now();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), env.limits.healthProbeMs);
  let kind = env.distill.loaded.config.sources[name]?.kind ?? 'unknown';
  try {
    const source: EventSource & { ping?: (options: { signal: AbortSignal }) => Promise<void> } = env.distill.source(name);
    kind = source.kind;
    const work =
      typeof source.ping === 'function'
        ? source.ping({ signal: controller.signal })
        : source.fields(
            { sample: 1, signal: controller.signal },
            { warnings: new WarningCollector(), stats: { scanned: 0, skipped: 0, matched: 0, pushedDown: [] }, strict: false, now: Date.now(), signal: controller.signal },
          );
    const timeout = new Promise<never>((_, reject) =>
      controller.signal.addEventListener('abort', () => reject(Object.assign(new Error('probe timed out'), { name: 'TimeoutError' })), { once: true }),
    );
    await Promise.race([work, timeout]);
    return { id: name, kind, reachable: true, ms: elapsed(started) };
  } catch (error) {
    const timedOut = controller.signal.aborted;
    const e = toDistillError(error);
    return {
      id: name,
      kind,
      reachable: false,
      ms: elapsed(started),
      error: timedOut
        ? { code: 'timeout', message: `No answer within ${env.limits.healthProbeMs} ms.` }
        : { code: e.code, message: e.message },
    };
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 1000) / 1000;
}
