import { debuglog } from 'node:util';
import { DistillError, toDistillError } from '../core/errors.js';
import { formatIssues } from '../core/validation.js';
import { createRegistry } from '../core/operators/builtin.js';
import { openDistill, type Distill } from '../distill.js';
import { parseArgs } from './args.js';
import type { CliIO, Command, CommandContext } from './context.js';
import { EXIT_CODES } from './exit-codes.js';
import { commandHelp, mainHelp } from './help.js';
import { operatorCommand } from './operator-command.js';
import { fieldsCommand } from './commands/fields.js';
import { opsCommand } from './commands/ops.js';
import { pipelinesCommand } from './commands/pipelines.js';
import { queryCommand } from './commands/query.js';
import { runCommand } from './commands/run.js';
import { serveCommand } from './commands/serve.js';
import { sourcesCommand } from './commands/sources.js';
import { validateCommand } from './commands/validate.js';
import { versionCommand } from './commands/version.js';

const debug = debuglog('distill:cli');

/** The fixed commands; operators are added from the registry. */
export const COMMANDS: readonly Command[] = [
  queryCommand,
  runCommand,
  sourcesCommand,
  fieldsCommand,
  pipelinesCommand,
  opsCommand,
  validateCommand,
  versionCommand,
  serveCommand,
];

/**
 * Run the CLI with `argv` (without node and script) and return the exit code. Errors become one message on
 * stderr (plus one line per issue with its JSON path) and the exit code of their error code; never a stack trace
 * (set NODE_DEBUG=distill:cli to see one).
 */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  // The config decides which plugin operators exist, so it is found before the command's flags are parsed.
  const context = contextFor(io, configFlag(rest));
  try {
    if (name === '--version' || name === '-v') return await versionCommand.run({ positionals: [], flags: {} }, context);
    const helpWanted = name === undefined || name === '--help' || name === '-h' || name === 'help';
    let command = helpWanted ? undefined : COMMANDS.find((c) => c.name === name);
    let operators: Command[] = [];
    if (helpWanted || command === undefined) {
      // Describing an operator builds its params' JSON Schema: only the help lists them all.
      operators = await operatorCommands(context, helpWanted ? undefined : name);
      command = operators.find((c) => c.name === name);
    }
    if (helpWanted) {
      const target = name === 'help' ? [...COMMANDS, ...operators].find((c) => c.name === rest[0]) : undefined;
      io.stdout.write(target === undefined ? mainHelp(COMMANDS, operators) : commandHelp(target));
      return 0;
    }
    if (command === undefined) {
      io.stderr.write(`distill: unknown command "${name}". Run \`distill --help\` for the list.\n`);
      return EXIT_CODES.invalid_argument;
    }
    const args = parseArgs(rest, command.flags);
    if (args.flags.help === true) {
      io.stdout.write(commandHelp(command));
      return 0;
    }
    return await command.run(args, context);
  } catch (error) {
    const e = toDistillError(error);
    debug('%s', (error as Error)?.stack ?? String(error));
    io.stderr.write(`distill: error [${e.code}]: ${e.message}\n`);
    if (e.issues.length > 0) io.stderr.write(`${formatIssues(e.issues)}\n`);
    if (!(error instanceof DistillError) && e.code === 'internal') debug('internal error: %o', error);
    return EXIT_CODES[e.code];
  } finally {
    await context.close();
  }
}

/**
 * Operators as commands: the built-ins plus the config's plugins (built-ins only when the config cannot be read);
 * only the one called `only` when given (none when no operator has that name).
 */
async function operatorCommands(context: CommandContext, only?: string): Promise<Command[]> {
  let registry;
  try {
    registry = (await context.openDistill()).registry;
  } catch (error) {
    debug('config not readable while listing operators: %s', (error as Error).message);
    registry = createRegistry();
  }
  const names = only === undefined ? registry.names() : registry.has(only) ? [only] : [];
  return names.map((n) => operatorCommand(registry.describe(n)));
}

/** The value of `--config`/`-c` in argv, read ahead of full parsing. */
function configFlag(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if (a === '--config' || a === '-c') return argv[i + 1];
    if (a.startsWith('--config=')) return a.slice('--config='.length);
  }
  return undefined;
}

function contextFor(io: CliIO, config: string | undefined): CommandContext & { close(): Promise<void> } {
  let opened: Promise<Distill> | undefined;
  return {
    io,
    openDistill: () => (opened ??= openDistill({ config, cwd: io.cwd })),
    // Release source connections (Elasticsearch clients) so the process ends promptly.
    close: async () => {
      if (opened === undefined) return;
      const distill = await opened.catch(() => undefined);
      await distill?.close();
    },
  };
}
