/**
 * The canonical event: the one shape every query, transform and analytic speaks, whatever the source schema.
 *
 * A schema mapping (`schema/mapping.ts`) fills the roles from a source document; `doc` keeps the document untouched
 * so any field stays reachable by dotted path (`details.clicks`).
 */

/** Plain JSON object as read from a source. */
export type Doc = Record<string, unknown>;

export interface CanonicalEvent {
  /** Stable id: the mapped id field, else one given by the source (`<file>:<line>`, Elasticsearch `_id`). */
  readonly id: string;
  /**
   * Event time in epoch milliseconds, fractional (UserALE `microTime` folded in). Absent when the document has
   * none (UserALE custom logs sent with `userale.log()`): such events still count, but time ranges exclude them
   * and sorting by time puts them last — as pandas treats NaT. A mapping with `requireTime` skips them instead.
   */
  readonly time?: number | undefined;
  /** End time in epoch milliseconds for events that span an interval (UserALE interval logs). */
  readonly end?: number | undefined;
  /** Who: user id. Absent when the source has none or it is null (anonymous pages). */
  readonly user?: string | undefined;
  /** Session id (UserALE `sessionId`, or `sessionID` in older versions). */
  readonly session?: string | undefined;
  /** What happened: event type (`click`, `focus`, a custom name, …). */
  readonly type?: string | undefined;
  /** What it happened to: target element, kept verbatim (CSS-like selector for UserALE). */
  readonly target?: string | undefined;
  /** DOM path from target to window, innermost first. */
  readonly path?: readonly string[] | undefined;
  /** Where: page URL. */
  readonly page?: string | undefined;
  /** Log kind (UserALE `logType`: `raw`, `custom`, `interval`). */
  readonly kind?: string | undefined;
  /** The source document, untouched. */
  readonly doc: Doc;
  /**
   * Derived attributes attached by pipeline steps (a computed session id, a segment label, a normalised URL).
   * Absent on events straight from a source. Later steps, conditions, projections and outputs use them by name
   * (`segment`) or explicitly (`attrs.segment`); `doc` is never touched, so `doc.x` still reads the original.
   */
  readonly attrs?: Readonly<Record<string, unknown>> | undefined;
}

/**
 * A copy of `event` with derived attributes added (or replaced); the document and the input event are untouched.
 * Cost: one object copy per event.
 *
 * @example withAttrs(e, { segment: 'checkout' }).attrs // → { ...e.attrs, segment: 'checkout' }
 */
export function withAttrs(event: CanonicalEvent, attrs: Readonly<Record<string, unknown>>): CanonicalEvent {
  return copyEvent(event, attrs, event.user, event.session);
}

/**
 * A copy of `event` with derived attributes added (or replaced) and the `user` and `session` roles set: what steps
 * that re-assign users or sessions produce. Built as one object literal with every role (one hidden class for all
 * copies, no generic spread of the event). Cost: one object copy per event.
 *
 * @example copyEvent(e, { sourceUser: null }, 'ann', e.session).user // → 'ann'
 */
export function copyEvent(
  event: CanonicalEvent,
  attrs: Readonly<Record<string, unknown>>,
  user: string | undefined,
  session: string | undefined,
): CanonicalEvent {
  return {
    id: event.id,
    time: event.time,
    end: event.end,
    user,
    session,
    type: event.type,
    target: event.target,
    path: event.path,
    page: event.page,
    kind: event.kind,
    doc: event.doc,
    attrs: event.attrs === undefined ? { ...attrs } : { ...event.attrs, ...attrs },
  };
}

/** Role names, in canonical column order. */
export const ROLES = ['id', 'time', 'end', 'user', 'session', 'type', 'target', 'path', 'page', 'kind'] as const;
export type Role = (typeof ROLES)[number];

/** Roles a mapping fills with strings. */
export const STRING_ROLES = ['user', 'session', 'type', 'target', 'page', 'kind'] as const;
export type StringRole = (typeof STRING_ROLES)[number];

const ROLE_SET: ReadonlySet<string> = new Set(ROLES);

/** True when `name` is a canonical role rather than a document field. */
export function isRole(name: string): name is Role {
  return ROLE_SET.has(name);
}
