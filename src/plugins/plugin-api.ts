import { z } from 'zod';
import { defineOperator } from '../core/pipeline/operator.js';
import { collectBatches, filterBatches, fromArray, mapBatches, takeBatches } from '../core/stream.js';
import { compileCondition, rowAccess } from '../core/query/compile-predicate.js';
import { compileSort } from '../core/query/compile-sort.js';
import { getPath } from '../core/field-path.js';
import { graphFrame, tableFrame, withBatches } from '../core/frame.js';
import { withAttrs } from '../core/event.js';
import { partitions, compareWithinPartition, compareIds } from '../core/partition.js';
import { graphEdgeRecords, graphNodeRecords } from '../core/graph/graph-records.js';
import { DirectedGraph, UndirectedGraph } from 'graphology';
import { VERSION } from '../version.js';

/**
 * What a plugin receives: Distill's own zod (so params schemas are the instances the registry checks), the
 * operator helper, and the stream and query helpers built-in operators use. Handing these over, rather than letting
 * plugins import their own copies, keeps a plugin a single file with no dependencies that works in the npm package
 * and in the single-file executables alike.
 */
export const PLUGIN_API = Object.freeze({
  /** Distill's version, for plugins that check compatibility. */
  version: VERSION,
  /**
   * Version of this plugin API. 2: every frame is `{ kind, batches }` (tables' `rows` became `batches`), a `graph`
   * kind, ordered partitions (`partition` + `helpers.partitions`), derived attributes (`derives`,
   * `helpers.withAttrs`), declared `fields` and `capabilities`, and `context.sort`.
   */
  apiVersion: 2,
  /** graphology's graph classes, for operators returning graph frames. */
  graphology: Object.freeze({ DirectedGraph, UndirectedGraph }),
  z,
  defineOperator,
  helpers: Object.freeze({
    mapBatches,
    filterBatches,
    takeBatches,
    collectBatches,
    fromArray,
    tableFrame,
    graphFrame,
    withBatches,
    withAttrs,
    partitions,
    compareWithinPartition,
    compareIds,
    graphNodeRecords,
    graphEdgeRecords,
    compileCondition,
    compileSort,
    rowAccess,
    getPath,
  }),
});

export type PluginApi = typeof PLUGIN_API;
