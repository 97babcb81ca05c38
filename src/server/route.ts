import type { z } from 'zod';
import type { OperatorRegistry } from '../core/pipeline/registry.js';
import type { ServerContext, ServerEnv } from './server-deps.js';

/** An OpenAPI object fragment (parameters, request bodies, responses): plain JSON. */
export type OpenApiObject = Record<string, unknown>;

/** What a route's documentation may use while the OpenAPI document is built. */
export interface DocContext {
  readonly registry: OperatorRegistry;
  /** A `$ref` to a component schema of that name, made (once) from a zod schema or a JSON Schema. */
  ref(name: string, schema: z.ZodType | OpenApiObject, io?: 'input' | 'output'): { $ref: string };
}

/** The documented parts of an operation; problem responses are added from `problems`. */
export interface OperationDoc {
  readonly parameters?: readonly OpenApiObject[];
  readonly requestBody?: OpenApiObject;
  /** Success responses by status. */
  readonly responses: Readonly<Record<string, OpenApiObject>>;
  /** Statuses of the problem responses this operation can give (401 and 500 are added to every authenticated one). */
  readonly problems: readonly number[];
}

/**
 * One route: method, path, documentation and handler, in one file under `routes/`. The app registers each with the
 * router and the OpenAPI document is built from the same list, so a route cannot exist undocumented.
 */
export interface RouteSpec {
  readonly method: 'GET' | 'POST';
  /** OpenAPI path template (`/v1/sources/{name}/fields`); the router gets `:name`. */
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly description: string;
  readonly tag: string;
  /** `always`: no token ever (health); `docs`: no token when docs are public; default: token required. */
  readonly access?: 'always' | 'docs' | undefined;
  doc(c: DocContext): OperationDoc;
  handle(ctx: ServerContext, env: ServerEnv): Promise<void>;
}

/** `/v1/sources/{name}/fields` → `/v1/sources/:name/fields`. */
export function routerPath(template: string): string {
  return template.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, ':$1');
}

/** `/v1/sources/:name/fields` → `/v1/sources/{name}/fields`. */
export function templatePath(routerStylePath: string): string {
  return routerStylePath.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
}

/** A route parameter, decoded by the router. */
export function param(ctx: ServerContext, name: string): string {
  return ctx.params?.[name] ?? '';
}
