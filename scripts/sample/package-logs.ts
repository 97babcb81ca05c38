import type { IntervalRecord } from "./interval-tracker.js";

/**
 * Builds log documents with exactly the keys, key order and value shapes UserALE.js 2.4.0 sends
 * (`packageLog`, `packageCustomLog`, `packageIntervalLog` in `src/packageLogs.ts`, and the bare `userale.log()`).
 * Every call returns fresh objects and arrays, so consumers may mutate what they receive.
 */

/** The UserALE configuration and browser facts that every packaged log repeats. */
export interface ClientState {
  readonly browser: { readonly browser: string; readonly version: string };
  /** window.innerWidth / innerHeight now. */
  readonly scrnRes: { readonly width: number; readonly height: number };
  readonly userId: string | null;
  readonly toolName: string;
  readonly toolVersion: string;
  readonly useraleVersion: string;
  /** `sessionId` (2.4.0) or `sessionID` (older builds). */
  readonly sessionKey: "sessionId" | "sessionID";
  readonly sessionId: string;
  readonly httpSessionId: string | null;
  readonly browserSessionId: string | null;
}

/** `window.location.href`, `document.title`, `document.referrer` of the page the log is written on. */
export interface PageState {
  readonly pageUrl: string;
  readonly pageTitle: string;
  readonly pageReferrer: string;
}

/** One DOM event as `packageLog` sees it. */
export interface RawEvent {
  readonly target: string;
  readonly path: readonly string[];
  /** Event time in epoch ms with a fractional part (config.time(e.timeStamp)). */
  readonly time: number;
  /** Page coordinates for mouse events; `{ x: null, y: null }` for every other event. */
  readonly location: { readonly x: number | null; readonly y: number | null };
  readonly type: string;
  readonly details: Record<string, unknown> | null;
}

/** `{ x: null, y: null }`, what `getLocation` returns for non-mouse events. */
export function noLocation(): { x: null; y: null } {
  return { x: null, y: null };
}

/**
 * A `logType: "raw"` log. `clientTime` is the floored epoch ms and `microTime` the fractional ms rounded to
 * three decimals, in [0, 0.999]. Cost: O(path length).
 *
 * @example
 * packageRawLog(client, page, { target: "button#go.btn primary", path: ["button#go.btn primary", "body", "html",
 *   "#document", "Window"], time: 1709551234567.25, location: { x: 10, y: 20 }, type: "click",
 *   details: { clicks: 1, ctrl: false, alt: false, shift: false, meta: false } });
 * // → { target: "button#go.btn primary", path: [...], pageUrl, pageTitle, pageReferrer, browser,
 * //     clientTime: 1709551234567, microTime: 0.25, location: { x: 10, y: 20 }, scrnRes, type: "click",
 * //     logType: "raw", userAction: true, details: {...}, userId, toolVersion, toolName, useraleVersion,
 * //     sessionId, httpSessionId, browserSessionId }
 */
export function packageRawLog(client: ClientState, page: PageState, event: RawEvent): Record<string, unknown> {
  const milli = Math.floor(event.time);
  const micro = Math.min(999, Math.floor((event.time - milli) * 1000)) / 1000;
  return {
    target: event.target,
    path: event.path.slice(),
    pageUrl: page.pageUrl,
    pageTitle: page.pageTitle,
    pageReferrer: page.pageReferrer,
    browser: { browser: client.browser.browser, version: client.browser.version },
    clientTime: milli,
    microTime: micro,
    location: { x: event.location.x, y: event.location.y },
    scrnRes: { width: client.scrnRes.width, height: client.scrnRes.height },
    type: event.type,
    logType: "raw",
    userAction: true,
    details: event.details,
    userId: client.userId,
    toolVersion: client.toolVersion,
    toolName: client.toolName,
    useraleVersion: client.useraleVersion,
    [client.sessionKey]: client.sessionId,
    httpSessionId: client.httpSessionId,
    browserSessionId: client.browserSessionId,
  };
}

/**
 * A `packageCustomLog` log: the metadata block (`clientTime` = Date.now(), integer) merged with the page's own
 * fields by `Object.assign`, so `details` keeps its metadata position and new keys such as `type` come last.
 * Cost: O(size of `custom`).
 *
 * @example
 * packageCustomLog(client, page, 1709551234567, { type: "add_to_cart", details: { id: 107, price: 24.99 } }, true);
 * // → { pageUrl, pageTitle, pageReferrer, browser, clientTime: 1709551234567, scrnRes, logType: "custom",
 * //     userAction: true, details: { id: 107, price: 24.99 }, userId, toolVersion, toolName, useraleVersion,
 * //     sessionId, httpSessionId, browserSessionId, type: "add_to_cart" }
 */
export function packageCustomLog(
  client: ClientState,
  page: PageState,
  clientTime: number,
  custom: Readonly<Record<string, unknown>>,
  userAction: boolean,
): Record<string, unknown> {
  const metaData: Record<string, unknown> = {
    pageUrl: page.pageUrl,
    pageTitle: page.pageTitle,
    pageReferrer: page.pageReferrer,
    browser: { browser: client.browser.browser, version: client.browser.version },
    clientTime: Math.floor(clientTime),
    scrnRes: { width: client.scrnRes.width, height: client.scrnRes.height },
    logType: "custom",
    userAction,
    details: {},
    userId: client.userId,
    toolVersion: client.toolVersion,
    toolName: client.toolName,
    useraleVersion: client.useraleVersion,
    [client.sessionKey]: client.sessionId,
    httpSessionId: client.httpSessionId,
    browserSessionId: client.browserSessionId,
  };
  return Object.assign(metaData, structuredClone(custom));
}

/**
 * A log pushed by the page through `userale.log(customLog)`: UserALE adds nothing, so there is no `clientTime`,
 * `pageUrl` or any other metadata — only what the page wrote. Cost: O(size of `details`).
 *
 * @example
 * bareCustomLog(client, "search_results", { query: "lamp", results: 5 });
 * // → { type: "search_results", logType: "custom", userId: null, sessionId: "session_1709551234567",
 * //     details: { query: "lamp", results: 5 } }
 */
export function bareCustomLog(
  client: ClientState,
  type: string,
  details: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  return {
    type,
    logType: "custom",
    userId: client.userId,
    [client.sessionKey]: client.sessionId,
    details: structuredClone(details),
  };
}

/**
 * A `logType: "interval"` log: no `clientTime`, `microTime`, `location`, `scrnRes` or `details`; `userAction`
 * false. Cost: O(path length).
 *
 * @example
 * packageIntervalLog(client, page, record);
 * // → { target, path, pageUrl, pageTitle, pageReferrer, browser, count: 0, duration: -3, startTime: 1000,
 * //     endTime: 997, type: "click", logType: "interval", targetChange: true, typeChange: true,
 * //     userAction: false, userId, toolVersion, toolName, useraleVersion, sessionId, httpSessionId,
 * //     browserSessionId }
 */
export function packageIntervalLog(
  client: ClientState,
  page: PageState,
  record: IntervalRecord,
): Record<string, unknown> {
  return {
    target: record.target,
    path: record.path.slice(),
    pageUrl: page.pageUrl,
    pageTitle: page.pageTitle,
    pageReferrer: page.pageReferrer,
    browser: { browser: client.browser.browser, version: client.browser.version },
    count: record.count,
    duration: record.duration,
    startTime: record.startTime,
    endTime: record.endTime,
    type: record.type,
    logType: "interval",
    targetChange: record.targetChange,
    typeChange: record.typeChange,
    userAction: false,
    userId: client.userId,
    toolVersion: client.toolVersion,
    toolName: client.toolName,
    useraleVersion: client.useraleVersion,
    [client.sessionKey]: client.sessionId,
    httpSessionId: client.httpSessionId,
    browserSessionId: client.browserSessionId,
  };
}
