import type { AnyEnvelope, PipelineRequest, SourceList } from './api/types.js';

/** What a view gets from the shell. */
export interface ViewContext {
  /** The URL state (read-only; change it with `set`). */
  readonly state: URLSearchParams;
  readonly source: string;
  /** The query of the time range picked in the shell (`{ time: { from, to } }`), or undefined for all time. */
  readonly query: Readonly<Record<string, unknown>> | undefined;
  readonly sources: SourceList;
  /** Operators this server has (`transition-graph`, `funnel`… appear as they are installed). */
  readonly operators: ReadonlySet<string>;
  /** Change URL state and redraw; `push` adds a history entry (a new bookmark-worthy state). */
  set(changes: Readonly<Record<string, string | null>>, push?: boolean): void;
  /** Run a pipeline over the current source; it is listed in the view's "pipelines" panel with copy buttons. */
  run(title: string, steps: PipelineRequest['steps'], query?: Readonly<Record<string, unknown>>): Promise<AnyEnvelope>;
  /** The request this pipeline would send (for downloads). */
  request(steps: PipelineRequest['steps'], query?: Readonly<Record<string, unknown>>): PipelineRequest;
  readonly signal: AbortSignal;
}

export interface View {
  readonly title: string;
  render(ctx: ViewContext, root: HTMLElement): Promise<void>;
}

/** Merge the time-range query with a view's own condition. */
export function withWhere(query: Readonly<Record<string, unknown>> | undefined, where: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const base = { ...(query ?? {}) };
  const existing = base.where as Record<string, unknown> | undefined;
  base.where = existing === undefined ? where : { all: [existing, where] };
  return base;
}
