import { existsSync } from 'node:fs';
import path from 'node:path';
import type { LoadedConfig } from './config/load-config.js';
import { loadConfig, parseConfig } from './config/load-config.js';
import type { ConfigInput } from './config/config-schema.js';
import { InvalidArgumentError, SourceNotFoundError, toDistillError } from './core/errors.js';
import { createRegistry } from './core/operators/builtin.js';
import type { Envelope, MultiEnvelope } from './core/pipeline/envelope.js';
import { parsePipeline } from './core/pipeline/parse-pipeline.js';
import type { NormalizedPipeline } from './core/pipeline/pipeline-schema.js';
import type { OperatorRegistry } from './core/pipeline/registry.js';
import { runPipeline, runPipelineOutputs, startParsed, startPipeline, type RunHandle, type RunOptions } from './core/pipeline/run-pipeline.js';
import { defaultSortMemoryBytes } from './scratch/default-sort-budget.js';
import { createTempSpill } from './scratch/temp-spill.js';
import type { MappingInput } from './core/schema/mapping-schema.js';
import { resolveMapping } from './core/schema/resolve-mapping.js';
import type { EventSource, FieldInfo, Progress, SourceDescription } from './core/source.js';
import { WarningCollector } from './core/warnings.js';
import { createSource, loadSourceKinds } from './sources/create-source.js';
import { loadPlugins, type LoadedPlugin } from './plugins/load-plugins.js';
import { userFile } from './config/user-dirs.js';
import { createFileSource } from './sources/files/file-source.js';

/** Options of {@link openDistill}: the config, the base directory, the registry and plugins. */
export interface OpenOptions {
  /** A config file path, or a config object; default: DISTILL_CONFIG, ./distill.config.json, the embedded sample. */
  readonly config?: string | ConfigInput | undefined;
  /** Base directory for relative paths in an inline config and for file paths given as sources. */
  readonly cwd?: string | undefined;
  /** Operators to use as they are (no plugins are loaded into it); default: the built-ins plus plugins. */
  readonly registry?: OperatorRegistry | undefined;
  /** Read the plugins folder of the user directory (default true); the config's `plugins` are always read. */
  readonly userPlugins?: boolean | undefined;
}

/** Options of one run ({@link Distill.run}, {@link Distill.start}, {@link Distill.query}): source, schema, abort signal, strictness, progress. */
export interface RunCallOptions {
  /** Source name or, when no such source is configured, files/directories/globs to read. */
  readonly source?: string | undefined;
  /** Mapping for file paths given as `source` (default `userale`). */
  readonly schema?: string | MappingInput | undefined;
  readonly now?: number | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly strict?: boolean | undefined;
  /** Called as the source is read (documents and bytes so far); the CLI draws its progress line with it. */
  readonly onProgress?: ((progress: Progress) => void) | undefined;
  /** Run only this named output of a multi-output pipeline. */
  readonly output?: string | undefined;
  /** Memory budget of sorts in bytes before sorted runs spill to a private temporary directory (default: a third of the JavaScript heap limit, at least 256 MiB — `defaultSortMemoryBytes`). */
  readonly sortMemoryBytes?: number | undefined;
  /** Parent directory of the sort's scratch directory (default: the OS temp directory). */
  readonly scratchDir?: string | undefined;
}

/** A named pipeline from the config. */
export interface PipelineInfo {
  readonly name: string;
  readonly description?: string | undefined;
  readonly pipeline: Record<string, unknown>;
}

/**
 * One configured Distill: config, operator registry and sources. A thin facade: every method delegates to the
 * free functions of `core` and `sources`. Results are plain objects.
 *
 * @example
 * const distill = await openDistill();                       // the embedded sample data
 * const envelope = await distill.run({ steps: [{ op: 'count-by', by: 'type' }] });
 * envelope.result.rows // → [{ type: 'click', count: 812 }, …]
 */
export class Distill {
  readonly #sources = new Map<string, EventSource>();

  constructor(
    readonly loaded: LoadedConfig,
    readonly registry: OperatorRegistry,
    private readonly cwd: string,
    /** Plugin files loaded into the registry, with the operators each added. */
    readonly plugins: readonly LoadedPlugin[] = [],
  ) {}

  /** Name of the source used when none is named. */
  get defaultSource(): string {
    const { config } = this.loaded;
    return config.defaultSource ?? Object.keys(config.sources)[0] ?? '';
  }

  /**
   * Describe every configured source (never credentials). A source that cannot be built is listed with its
   * `error` instead of failing the whole listing.
   */
  sources(): SourceDescription[] {
    return Object.entries(this.loaded.config.sources).map(([name, config]) => {
      try {
        return this.source(name).describe();
      } catch (error) {
        const e = toDistillError(error);
        return {
          id: name,
          kind: config.kind,
          schema: typeof config.schema === 'string' ? config.schema : 'inline',
          capabilities: { filter: false, sort: false, aggregate: false },
          description: config.description,
          details: {},
          error: { code: e.code, message: e.message },
        };
      }
    });
  }

  /**
   * The source of that name, created on first use; a name that is not configured but exists as a file, directory
   * or glob becomes an ad-hoc file source read with `schema` (default `userale`).
   * @throws SourceNotFoundError
   */
  source(name: string = this.defaultSource, schema?: string | MappingInput): EventSource {
    const { config, baseDir } = this.loaded;
    const configured = Object.hasOwn(config.sources, name);
    const key = configured || schema === undefined ? name : `${name}\u0000${JSON.stringify(schema)}`;
    const cached = this.#sources.get(key);
    if (cached !== undefined) return cached;
    let source: EventSource;
    if (configured) {
      source = createSource(name, config.sources[name]!, { baseDir, schemas: config.schemas });
    } else if (looksLikePath(name, this.cwd)) {
      source = createFileSource({
        id: name,
        paths: [name],
        baseDir: this.cwd,
        mapping: resolveMapping(schema ?? 'userale', config.schemas, ['schema']),
      });
    } else {
      const known = Object.keys(config.sources);
      throw new SourceNotFoundError(
        name === ''
          ? 'No source is configured. Name files with --source, or add a source to the config file.'
          : `No source named "${name}" and no such file or directory. Configured sources: ${known.length === 0 ? '(none)' : known.join(', ')}.`,
      );
    }
    this.#sources.set(key, source);
    return source;
  }

  /** Named pipelines from the config. */
  pipelines(): PipelineInfo[] {
    return Object.entries(this.loaded.config.pipelines).map(([name, pipeline]) => ({
      name,
      description: typeof pipeline.description === 'string' ? pipeline.description : undefined,
      pipeline,
    }));
  }

  /** Resolve a pipeline argument: a named pipeline from the config, or a pipeline document. */
  pipelineDocument(pipeline: string | Record<string, unknown>): Record<string, unknown> {
    if (typeof pipeline !== 'string') return pipeline;
    const found = this.loaded.config.pipelines[pipeline];
    if (found === undefined) {
      const names = Object.keys(this.loaded.config.pipelines);
      throw new InvalidArgumentError(`No pipeline named "${pipeline}". Named pipelines: ${names.length === 0 ? '(none)' : names.join(', ')}.`);
    }
    return { name: pipeline, ...found };
  }

  /** Validate a pipeline without running it. @throws InvalidPipelineError */
  validatePipeline(pipeline: string | Record<string, unknown>): NormalizedPipeline {
    return parsePipeline(this.pipelineDocument(pipeline), { registry: this.registry, defaultSource: this.defaultSource });
  }

  /**
   * Run a single-output pipeline (or a named one) to completion; the envelope holds the whole result.
   * @throws DistillError (`invalid_argument`) for a pipeline with named outputs: use {@link runOutputs}.
   */
  async run(pipeline: string | Record<string, unknown>, options: RunCallOptions = {}): Promise<Envelope> {
    return runPipeline(this.#document(pipeline, options), this.#runOptions(options));
  }

  /** Run a pipeline with named outputs: one read, one result per output (`envelope.results`). */
  async runOutputs(pipeline: string | Record<string, unknown>, options: RunCallOptions = {}): Promise<MultiEnvelope> {
    return runPipelineOutputs(this.#document(pipeline, options), this.#runOptions(options));
  }

  /** Start a pipeline and stream its outputs (`handle.result`, or `handle.outputs` for named outputs). */
  start(pipeline: string | Record<string, unknown>, options: RunCallOptions = {}): RunHandle {
    return startPipeline(this.#document(pipeline, options), this.#runOptions(options));
  }

  /** Start a pipeline already validated with {@link validatePipeline} (no second validation). */
  startParsed(pipeline: NormalizedPipeline, options: RunCallOptions = {}): RunHandle {
    return startParsed(options.source === undefined ? pipeline : { ...pipeline, source: options.source }, this.#runOptions(options));
  }

  /** Run a query: the matching events. */
  async query(query: Record<string, unknown> = {}, options: RunCallOptions = {}): Promise<Envelope> {
    return this.run({ query }, options);
  }

  /** Discover fields and their types from a sample of a source. */
  async fields(source?: string, options: { sample?: number; schema?: string | MappingInput; signal?: AbortSignal } = {}): Promise<FieldInfo[]> {
    const s = this.source(source ?? this.defaultSource, options.schema);
    return s.fields(
      { sample: options.sample ?? 1000, signal: options.signal },
      {
        warnings: new WarningCollector(),
        stats: { scanned: 0, skipped: 0, matched: 0, pushedDown: [] },
        strict: false,
        now: Date.now(),
        signal: options.signal,
      },
    );
  }

  /** Release every source's connections. */
  async close(): Promise<void> {
    await Promise.all([...this.#sources.values()].map((s) => s.close?.()));
    this.#sources.clear();
  }

  #document(pipeline: string | Record<string, unknown>, options: RunCallOptions): Record<string, unknown> {
    const doc = this.pipelineDocument(pipeline);
    return options.source === undefined ? doc : { ...doc, source: options.source };
  }

  #scratchDir(): string | undefined {
    const dir = this.loaded.config.run?.scratchDir;
    return dir === undefined ? undefined : path.resolve(this.loaded.baseDir, dir);
  }

  #runOptions(options: RunCallOptions): RunOptions {
    return {
      registry: this.registry,
      defaultSource: this.defaultSource,
      resolveSource: (name) => this.source(name, options.schema),
      now: options.now,
      signal: options.signal,
      strict: options.strict,
      onProgress: options.onProgress,
      output: options.output,
      sort: {
        memoryBytes: options.sortMemoryBytes ?? this.loaded.config.run?.sortMemoryBytes ?? defaultSortMemoryBytes(),
        spill: () => createTempSpill({ dir: options.scratchDir ?? this.#scratchDir() }),
      },
    };
  }
}

/**
 * Open Distill with a configuration (see {@link OpenOptions}).
 * @throws InvalidConfigError, SourceNotFoundError (config file missing)
 */
export async function openDistill(options: OpenOptions = {}): Promise<Distill> {
  const cwd = options.cwd ?? process.cwd();
  const loaded: LoadedConfig =
    options.config !== undefined && typeof options.config !== 'string'
      ? { config: parseConfig(options.config), file: '(inline config)', baseDir: cwd, origin: 'inline' }
      : await loadConfig(options.config, cwd);
  await loadSourceKinds(Object.values(loaded.config.sources).map((s) => s.kind));
  let registry = options.registry;
  let plugins: LoadedPlugin[] = [];
  if (registry === undefined) {
    registry = createRegistry();
    const locations = [
      ...loaded.config.plugins.map((p) => path.resolve(loaded.baseDir, p)),
      ...(options.userPlugins === false ? [] : [userFile('plugins')]),
    ];
    plugins = await loadPlugins(registry, locations);
  }
  return new Distill(loaded, registry, cwd, plugins);
}

function looksLikePath(name: string, cwd: string): boolean {
  if (name === '') return false;
  if (/[*?[\]{}]/.test(name)) return true;
  return existsSync(path.resolve(cwd, name));
}
