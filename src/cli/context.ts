import type { Writable } from 'node:stream';
import type { Distill } from '../distill.js';
import type { FlagSpecs, ParsedArgs } from './args.js';

/** The process around a CLI run, injected so commands never touch `process` directly. */
export interface CliIO {
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Show progress (stderr is a terminal). */
  readonly stderrIsTTY: boolean;
  readonly signal?: AbortSignal | undefined;
}

export interface CommandContext {
  readonly io: CliIO;
  /** Open Distill with the --config flag (lazily: commands like `version` never read a config). */
  openDistill(): Promise<Distill>;
}

/** A CLI command: its flags, help text and implementation. One file per command under `commands/`. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly flags: FlagSpecs;
  /**
   * Longer help shown by `distill help <command>`; per shell when its examples quote differently (Windows shells
   * keep neither single-quoted JSON nor a bare `@file`).
   */
  readonly details?: string | { readonly posix: string; readonly win32: string };
  run(args: ParsedArgs, context: CommandContext): Promise<number>;
}
