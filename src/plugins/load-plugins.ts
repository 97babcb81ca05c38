import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DistillError } from '../core/errors.js';
import type { OperatorDefinition } from '../core/pipeline/operator.js';
import type { OperatorRegistry } from '../core/pipeline/registry.js';
import { PLUGIN_API } from './plugin-api.js';

/** File names that are plugins. */
export const PLUGIN_FILE = /\.(?:mjs|cjs|js)$/i;

/** A loaded plugin file and the operators it registered. */
export interface LoadedPlugin {
  readonly file: string;
  readonly operators: readonly string[];
}

/**
 * Load plugin files into a registry. A plugin is one JavaScript file (`.mjs`, `.cjs` or `.js`) whose default export
 * (or `module.exports`) is a function taking the plugin API (`{ z, defineOperator, helpers, version }`) and
 * returning one operator definition or an array of them. Directories contribute the plugin files directly inside
 * them, in name order; a directory that does not exist is skipped (the user plugins directory is optional).
 *
 * Every operator goes through the registry's checks, so illegal, reserved or duplicate names are refused.
 *
 * @throws DistillError (`invalid_plugin`) naming the file and the reason: it cannot be loaded, its export is not a
 *   function, the function throws or returns something else, or an operator is refused by the registry.
 * @example
 * // plugins/drop-synthetic-clicks.mjs
 * export default ({ z, defineOperator, helpers }) => defineOperator({
 *   name: 'drop-synthetic-clicks', summary: 'Drop Enter-key clicks (details.clicks = 0).', description: '…',
 *   params: z.strictObject({}), accepts: ['events'], produces: () => 'events',
 *   run: (input) => ({ kind: 'events', batches: helpers.filterBatches(input.batches, (e) => e.doc.details?.clicks !== 0) }),
 * });
 */
export async function loadPlugins(registry: OperatorRegistry, locations: readonly string[]): Promise<LoadedPlugin[]> {
  const loaded: LoadedPlugin[] = [];
  for (const file of await pluginFiles(locations)) {
    const factory = await importPlugin(file);
    let result: unknown;
    try {
      result = (factory as (api: typeof PLUGIN_API) => unknown)(PLUGIN_API);
    } catch (error) {
      throw invalid(file, `its function threw: ${(error as Error)?.message ?? String(error)}`, error);
    }
    const definitions = Array.isArray(result) ? result : [result];
    if (definitions.length === 0 || definitions.some((d) => d === null || typeof d !== 'object')) {
      throw invalid(file, 'its function must return an operator definition or an array of them (use defineOperator).');
    }
    const names: string[] = [];
    for (const definition of definitions as OperatorDefinition[]) {
      try {
        registry.register(definition, file);
      } catch (error) {
        throw invalid(file, (error as Error).message, error);
      }
      names.push(definition.name);
    }
    loaded.push({ file, operators: names });
  }
  return loaded;
}

async function pluginFiles(locations: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const location of locations) {
    if (!existsSync(location)) continue;
    const info = await stat(location);
    if (info.isDirectory()) {
      const entries = await readdir(location, { withFileTypes: true });
      for (const e of entries.filter((x) => x.isFile() && PLUGIN_FILE.test(x.name)).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        files.push(path.join(location, e.name));
      }
    } else files.push(location);
  }
  return [...new Set(files)];
}

async function importPlugin(file: string): Promise<unknown> {
  let mod: unknown;
  try {
    mod = isSingleExecutable()
      ? // A single executable's main script cannot import() files; require() loads CommonJS and (Node ≥ 22.12) ESM.
        createRequire(path.join(path.dirname(file), 'noop.js'))(file)
      : await import(pathToFileURL(file).href);
  } catch (error) {
    throw invalid(file, `it cannot be loaded: ${(error as Error)?.message ?? String(error)}`, error);
  }
  const exported = (mod as { default?: unknown })?.default ?? mod;
  if (typeof exported !== 'function') {
    throw invalid(file, 'its default export (or module.exports) must be a function ({ z, defineOperator, helpers }) => operator(s).');
  }
  return exported;
}

function isSingleExecutable(): boolean {
  const sea = process.getBuiltinModule?.('node:sea') as { isSea?: () => boolean } | undefined;
  return sea?.isSea?.() === true;
}

function invalid(file: string, reason: string, cause?: unknown): DistillError {
  return new DistillError('invalid_plugin', `Plugin ${file} was not loaded: ${reason}`, {
    ...(cause === undefined ? {} : { cause }),
    details: { file },
  });
}
