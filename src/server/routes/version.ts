import { VERSION } from '../../version.js';
import { jsonContent } from '../openapi/common-docs.js';
import { VersionSchema } from '../openapi/schemas.js';
import type { RouteSpec } from '../route.js';

export const versionRoute: RouteSpec = {
  method: 'GET',
  path: '/v1/version',
  operationId: 'getVersion',
  summary: 'Distill, API and runtime versions.',
  description: 'The Distill version, the API version (`v1`), and the Node.js version, platform and architecture the server runs on.',
  tag: 'Service',
  doc: (c) => ({ responses: { '200': { description: 'Versions.', content: jsonContent(c, 'Version', VersionSchema) } }, problems: [] }),
  async handle(ctx) {
    ctx.body = { distill: VERSION, api: 'v1', node: process.versions.node, platform: process.platform, arch: process.arch };
  },
};
