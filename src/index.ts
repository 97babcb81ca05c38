/**
 * Distill's library API. Everything returns plain objects; errors are `DistillError`s with a stable `code`.
 *
 * @example
 * import { openDistill, readEvents } from 'distill';
 * const distill = await openDistill({ config: './distill.config.json' });
 * const envelope = await distill.run('event-types');
 * for await (const batch of readEvents('logs/', { query: { where: { field: 'type', op: 'eq', value: 'click' } } })) { … }
 */

// ── Opening Distill (config, sources, registry) and running pipelines ─────────────────────────────────────────
export { Distill, openDistill } from './distill.js';
export type { OpenOptions, RunCallOptions, PipelineInfo } from './distill.js';
export { readEvents, queryEvents, runPipelineOn } from './library.js';
export type { ReadEventsOptions } from './library.js';

// ── Canonical events and schema mapping ───────────────────────────────────────────────────────────────────────
export type { CanonicalEvent, Doc, Role } from './core/event.js';
export { ROLES } from './core/event.js';
export { MappingSchema, normalizeMapping } from './core/schema/mapping-schema.js';
export type { Mapping, MappingInput, NormalizedMapping, TimeField } from './core/schema/mapping-schema.js';
export { compileMapping, isMappingFailure } from './core/schema/compile-mapping.js';
export type { DocumentMapper, MappingFailure } from './core/schema/compile-mapping.js';
export { resolveMapping } from './core/schema/resolve-mapping.js';
export type { ResolvedMapping } from './core/schema/resolve-mapping.js';
export { USERALE_MAPPING } from './core/schema/presets/userale.js';
export { PRESET_MAPPINGS } from './core/schema/presets/index.js';
export { inferFields } from './core/schema/infer-fields.js';
export { getPath } from './core/field-path.js';

// ── Query model ───────────────────────────────────────────────────────────────────────────────────────────────
export { QuerySchema, ConditionSchema, FIELD_OPS } from './core/query/query-schema.js';
export type { Query, QueryInput, Condition, FieldCondition, SortSpec, Scalar } from './core/query/query-schema.js';
export { parseQuery } from './core/query/parse-query.js';
export { compileCondition, compileQueryPredicate } from './core/query/compile-predicate.js';
export type { Predicate, CompileOptions } from './core/query/compile-predicate.js';
export { compileSort } from './core/query/compile-sort.js';
export { resolveTimeBound } from './core/time/date-math.js';
export { parseIso } from './core/time/parse-iso.js';

// ── Pipelines, operators, envelope ────────────────────────────────────────────────────────────────────────────
export { OperatorRegistry, RESERVED_OPERATOR_NAMES } from './core/pipeline/registry.js';
export type { OperatorDescription, RegisteredOperator } from './core/pipeline/registry.js';
export { defineOperator } from './core/pipeline/operator.js';
export type { OperatorDefinition, OperatorContext, OperatorCapabilities, OperatorExample, SortRecords } from './core/pipeline/operator.js';
export { createRegistry, BUILTIN_OPERATORS } from './core/operators/builtin.js';
export { PipelineSchema, OUTPUT_FORMATS } from './core/pipeline/pipeline-schema.js';
export type { PipelineInput, NormalizedPipeline, OutputFormat } from './core/pipeline/pipeline-schema.js';
export { parsePipeline } from './core/pipeline/parse-pipeline.js';
export { runPipeline, runPipelineOutputs, startPipeline, startParsed, collectRun, collectResult } from './core/pipeline/run-pipeline.js';
export type { RunHandle, RunOptions } from './core/pipeline/run-pipeline.js';
export type { Envelope, MultiEnvelope, AnyEnvelope, RunStats, ResultValue, EventsResult, TableResult, GraphResult } from './core/pipeline/envelope.js';
export type { Frame, FrameKind, EventsFrame, TableFrame, GraphFrame, Graph, PartitionOrder, Column, ColumnType, Row } from './core/frame.js';
export { FRAME_KINDS, withBatches, tableFrame, graphFrame } from './core/frame.js';
export { FRAME_KIND_SPECS, collectFrame, replayResult, graphFromResult } from './core/frame-kinds.js';
export type { FrameKindSpec, RecordOptions } from './core/frame-kinds.js';
export { partitions, compareWithinPartition, compareIds, partitionComparator } from './core/partition.js';
export type { Partition } from './core/partition.js';
export { withAttrs } from './core/event.js';
export { externalSort } from './core/sort/external-sort.js';
export type { SpillStore, SpillRun, SortBudget } from './core/sort/spill-store.js';
export { createTempSpill } from './scratch/temp-spill.js';
export { writeDot } from './core/graph/write-dot.js';
export { writeGexf } from './core/graph/write-gexf.js';
export { writeGraphml } from './core/graph/write-graphml.js';
export { EXAMPLE_DOCUMENTS } from './core/operators/example-data.js';
export { writeOutput } from './core/output/write-output.js';
export type { Warning } from './core/warnings.js';

// ── Sources ───────────────────────────────────────────────────────────────────────────────────────────────────
export type { EventSource, EventStream, ReadContext, ReadRequest, FieldInfo, SourceDescription } from './core/source.js';
export { createFileSource } from './sources/files/file-source.js';
export { createSource } from './sources/create-source.js';
export { createElasticsearchSource } from './sources/elasticsearch/elasticsearch-source.js';
export type { ElasticsearchSourceOptions } from './sources/elasticsearch/elasticsearch-source.js';
export { resolveConnection } from './sources/elasticsearch/connection-options.js';
export type { ElasticsearchConnection, ConnectionConfig, SecretRef } from './sources/elasticsearch/connection-options.js';
export { READ_ONLY_ENDPOINTS } from './sources/elasticsearch/read-only-transport.js';
export type { AllowedRequest, ReadOnlyEndpoint } from './sources/elasticsearch/read-only-transport.js';

// ── REST server ───────────────────────────────────────────────────────────────────────────────────────────────
export { createApp } from './server/app.js';
export type { DistillApp } from './server/app.js';
export { listen } from './server/listen.js';
export type { ListenOptions, RunningServer } from './server/listen.js';
export { startServer } from './server/start-server.js';
export type { StartOptions, StartedServer, ServeFlags } from './server/start-server.js';
export type { ServerDeps, ServerLimits } from './server/server-deps.js';
export { createLogger } from './server/logger.js';
export type { Logger, LogLevel, LogSink } from './server/logger.js';
export { buildOpenApi } from './server/openapi/build-openapi.js';
export { generateSelfSignedCertificate } from './server/tls/self-signed-certificate.js';
export { certificateFingerprint, spkiPin } from './server/tls/fingerprint.js';
export { HTTP_STATUS } from './server/problem.js';
export type { Problem } from './server/problem.js';

// ── Config ────────────────────────────────────────────────────────────────────────────────────────────────────
export { ConfigSchema, configJsonSchema } from './config/config-schema.js';
export type { Config, ConfigInput } from './config/config-schema.js';
export { loadConfig, parseConfig } from './config/load-config.js';

// ── Errors ────────────────────────────────────────────────────────────────────────────────────────────────────
export {
  DistillError,
  InvalidQueryError,
  InvalidPipelineError,
  InvalidConfigError,
  InvalidArgumentError,
  UnknownOperatorError,
  SourceNotFoundError,
  SourceUnavailableError,
  AuthFailedError,
  TlsFailedError,
  SourceTimeoutError,
  MalformedInputError,
  UnsupportedError,
  AbortedError,
} from './core/errors.js';
export type { ErrorCode, Issue } from './core/errors.js';

export { VERSION } from './version.js';
