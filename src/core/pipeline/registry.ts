import { z } from 'zod';
import { DistillError, UnknownOperatorError } from '../errors.js';
import type { FrameKind } from '../frame.js';
import type { OperatorDefinition } from './operator.js';

/** Names an operator may not take: pipeline keys and words the CLI and routes use. */
export const RESERVED_OPERATOR_NAMES: ReadonlySet<string> = new Set([
  'op', 'source', 'query', 'steps', 'output', 'format', 'help', 'version', 'run', 'validate', 'sources', 'fields',
  'serve', 'ops', 'operators', 'pipelines', 'health', 'openapi', 'docs',
]);

const NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** A registered operator and where it came from (`builtin` or a plugin file). */
export interface RegisteredOperator {
  readonly definition: OperatorDefinition;
  readonly origin: string;
}

/** A serialisable description of an operator (CLI `ops`, REST catalog, OpenAPI). */
export interface OperatorDescription {
  readonly name: string;
  readonly summary: string;
  readonly description: string;
  readonly accepts: readonly FrameKind[];
  readonly produces: Readonly<Partial<Record<FrameKind, FrameKind>>>;
  readonly origin: string;
  /** JSON Schema (draft 2020-12) of the params, as users write them. */
  readonly params: Record<string, unknown>;
  readonly examples: readonly { readonly description: string; readonly params: unknown }[];
}

/**
 * The operator registry: every pipeline step names an operator registered here. Registration checks the declared
 * shape and rejects illegal, reserved or duplicate names with a message naming the origin of both.
 */
export class OperatorRegistry {
  readonly #operators = new Map<string, RegisteredOperator>();

  /**
   * Register an operator.
   * @throws DistillError (`invalid_argument`; the plugin loader reports it as `invalid_plugin` naming the file) for an illegal, reserved or duplicate name, or a definition missing a part.
   */
  register(definition: OperatorDefinition, origin = 'builtin'): this {
    const problem = checkDefinition(definition);
    if (problem !== undefined) {
      throw new DistillError('invalid_argument', `Cannot register operator from ${origin}: ${problem}`);
    }
    const existing = this.#operators.get(definition.name);
    if (existing !== undefined) {
      throw new DistillError(
        'invalid_argument',
        `Cannot register operator "${definition.name}" from ${origin}: the name is already taken by ${existing.origin}. Choose another name.`,
      );
    }
    this.#operators.set(definition.name, { definition, origin });
    return this;
  }

  has(name: string): boolean {
    return this.#operators.has(name);
  }

  /** @throws UnknownOperatorError (`unknown_operator`) listing the known names. */
  get(name: string): OperatorDefinition {
    const found = this.#operators.get(name);
    if (found === undefined) {
      throw new UnknownOperatorError(`Unknown operator "${name}". Known operators: ${this.names().join(', ')}.`);
    }
    return found.definition;
  }

  names(): string[] {
    return [...this.#operators.keys()].sort();
  }

  list(): RegisteredOperator[] {
    return this.names().map((n) => this.#operators.get(n)!);
  }

  /** Describe one operator, params as JSON Schema. */
  describe(name: string): OperatorDescription {
    const entry = this.#operators.get(name);
    if (entry === undefined) this.get(name);
    const { definition, origin } = entry!;
    const produces: Partial<Record<FrameKind, FrameKind>> = {};
    for (const kind of definition.accepts) produces[kind] = definition.produces(kind);
    return {
      name: definition.name,
      summary: definition.summary,
      description: definition.description,
      accepts: definition.accepts,
      produces,
      origin,
      params: paramsJsonSchema(definition.params),
      examples: (definition.examples ?? []).map((e) => ({ description: e.description, params: e.params })),
    };
  }

  /** A copy holding the same operators (so plugins can extend a copy without touching the built-in set). */
  clone(): OperatorRegistry {
    const copy = new OperatorRegistry();
    for (const { definition, origin } of this.#operators.values()) copy.register(definition, origin);
    return copy;
  }
}

/** JSON Schema of a params schema as users write it (input side: defaults optional). */
export function paramsJsonSchema(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}

function checkDefinition(d: OperatorDefinition): string | undefined {
  if (typeof d !== 'object' || d === null) return 'an operator must be an object.';
  if (typeof d.name !== 'string' || !NAME.test(d.name)) {
    return `illegal name ${JSON.stringify(d.name)}: use kebab-case letters and digits, starting with a letter (e.g. "my-transform").`;
  }
  if (RESERVED_OPERATOR_NAMES.has(d.name)) return `"${d.name}" is a reserved word; choose another name.`;
  if (typeof d.summary !== 'string' || d.summary.trim() === '') return `"${d.name}" needs a one-line summary.`;
  if (typeof d.description !== 'string') return `"${d.name}" needs a description.`;
  if (!(d.params instanceof z.ZodType)) return `"${d.name}" needs a zod schema as params.`;
  if (!Array.isArray(d.accepts) || d.accepts.length === 0) return `"${d.name}" must list the frame kinds it accepts.`;
  if (typeof d.produces !== 'function') return `"${d.name}" must say what it produces (produces(kind)).`;
  if (typeof d.run !== 'function') return `"${d.name}" needs a run function.`;
  return undefined;
}
