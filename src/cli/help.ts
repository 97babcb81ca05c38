import type { Command } from './context.js';
import { VERSION } from '../version.js';

/** Top-level help. */
export function mainHelp(commands: readonly Command[], operators: readonly Command[]): string {
  const width = Math.max(...[...commands, ...operators].map((c) => c.name.length));
  const line = (c: Command): string => `  ${c.name.padEnd(width)}  ${c.summary}`;
  return [
    `distill ${VERSION} — turn user-activity logs (UserALE.js and any schema) into analysis-ready answers`,
    '',
    'Usage: distill <command> [options]',
    '',
    'Commands:',
    ...commands.map(line),
    '',
    'Operators (also usable as pipeline steps; `distill ops <name>` for params):',
    ...operators.map(line),
    '',
    'Every command takes --config <file> and --help. Results go to standard output (--format json|ndjson|csv);',
    'warnings and progress go to standard error. Exit codes: 0 ok, 2 bad input, 3 source not found,',
    '4 source unavailable, 5 malformed input (--strict), 1 internal error.',
    '',
  ].join('\n');
}

/**
 * Help for one command, with the examples of the shell of `platform` (PowerShell/cmd on Windows, sh elsewhere).
 * @example commandHelp(runCommand, 'win32') // examples without single-quoted inline JSON
 */
export function commandHelp(command: Command, platform: NodeJS.Platform = process.platform): string {
  const details = typeof command.details === 'object' ? (platform === 'win32' ? command.details.win32 : command.details.posix) : command.details;
  const flags = Object.entries(command.flags).map(([name, f]) => {
    const left = `${f.short === undefined ? '    ' : `-${f.short}, `}--${name}${f.value === undefined ? '' : ` ${f.value}`}`;
    return `  ${left.padEnd(34)} ${f.description}${f.multiple === true ? ' (repeatable)' : ''}`;
  });
  return [`${command.summary}`, '', `Usage: ${command.usage}`, '', ...(details === undefined ? [] : [details, '']), 'Options:', ...flags, ''].join('\n');
}
