import type { ConfigInput } from '../../../src/config/config-schema.js';
import { createRegistry } from '../../../src/core/operators/builtin.js';
import type { CanonicalEvent } from '../../../src/core/event.js';
import type { EventSource, ReadContext } from '../../../src/core/source.js';
import { Distill } from '../../../src/distill.js';
import { parseConfig } from '../../../src/config/load-config.js';

/** What a scripted source did. */
export interface SourceLog {
  batches: number;
  opened: number;
  closed: number;
  /** The read's abort signal had fired when the source closed (the source saw the abort). */
  sawAbort?: boolean;
  /** The source yielded every scripted batch before closing (false: it was stopped early). */
  exhausted?: boolean;
}

/** A source that yields `batches` batches of 100 events, waiting `delayMs` before each; then optionally throws. */
export function scriptedSource(id: string, log: SourceLog, script: { batches: number; delayMs?: number; throwAfter?: number; throwAtOpen?: boolean }): EventSource {
  return {
    id,
    kind: 'scripted',
    capabilities: { filter: false, sort: false, aggregate: false },
    describe: () => ({ id, kind: 'scripted', schema: 'userale', capabilities: { filter: false, sort: false, aggregate: false }, details: {} }),
    read(_request, context: ReadContext) {
      return {
        sorted: false,
        limited: false,
        batches: (async function* () {
          log.opened++;
          try {
            if (script.throwAtOpen === true) throw new TypeError('secret internal detail at /etc/hidden');
            for (let b = 0; b < script.batches; b++) {
              if (script.throwAfter !== undefined && b === script.throwAfter) throw new TypeError('mid-stream failure with /secret/path');
              if (script.delayMs !== undefined) await new Promise((r) => setTimeout(r, script.delayMs));
              if (context.signal?.aborted === true) throw context.signal.reason;
              log.batches++;
              const batch: CanonicalEvent[] = [];
              for (let i = 0; i < 100; i++) {
                const n = b * 100 + i;
                batch.push({ id: `${id}#${n}`, time: n, user: `u${n % 3}`, type: 'click', doc: { n } });
              }
              context.stats.scanned += batch.length;
              context.stats.matched += batch.length;
              yield batch;
            }
            log.exhausted = true;
          } finally {
            log.exhausted ??= false;
            log.sawAbort = context.signal?.aborted === true;
            log.closed++;
          }
        })(),
      };
    },
    fields: async () => {
      throw new TypeError('fields exploded with /secret/stack');
    },
  };
}

/**
 * A Distill whose listed sources are scripted (they must also be configured, as the server only reads configured
 * sources; their config entry is a placeholder).
 */
export function distillWith(scripted: Record<string, EventSource>): (config: ConfigInput, dir: string) => Promise<Distill> {
  return async (config, dir) => {
    const placeholders = Object.fromEntries(Object.keys(scripted).map((n) => [n, { kind: 'files' as const, paths: `${dir}/none-${n}.ndjson` }]));
    const full = parseConfig({ ...config, sources: { ...config.sources, ...placeholders } });
    class SpyDistill extends Distill {
      override source(name: string = this.defaultSource, schema?: string): EventSource {
        return scripted[name] ?? super.source(name, schema);
      }
    }
    return new SpyDistill({ config: full, file: '(test)', baseDir: dir, origin: 'inline' }, createRegistry(), dir);
  };
}
