import type { RouteSpec } from '../route.js';
import { docsRoute } from './docs.js';
import { healthRoute } from './health.js';
import { namedPipelineRunRoute } from './named-pipeline-run.js';
import { openapiRoute } from './openapi.js';
import { operatorDescribeRoute } from './operator-describe.js';
import { operatorRunRoute } from './operator-run.js';
import { operatorsListRoute } from './operators-list.js';
import { pipelineRunRoute } from './pipeline-run.js';
import { pipelinesListRoute } from './pipelines-list.js';
import { queryRoute } from './query.js';
import { sourceFieldsRoute } from './source-fields.js';
import { sourcesRoute } from './sources.js';
import { versionRoute } from './version.js';

/** Every route of the server, in documentation order. One file each. */
export const ROUTES: readonly RouteSpec[] = [
  healthRoute,
  versionRoute,
  openapiRoute,
  docsRoute,
  sourcesRoute,
  sourceFieldsRoute,
  queryRoute,
  pipelinesListRoute,
  pipelineRunRoute,
  namedPipelineRunRoute,
  operatorsListRoute,
  operatorDescribeRoute,
  operatorRunRoute,
];
