/**
 * View state lives in the URL (`/app/?view=journeys&source=sample&nodes=page&min=2`), so every view is bookmarkable
 * and the back button works. Values are strings; each view parses its own with defaults.
 */
export type ViewName = 'overview' | 'journeys' | 'funnel' | 'sessions' | 'statistics';
export const VIEWS: readonly ViewName[] = ['overview', 'journeys', 'funnel', 'sessions', 'statistics'];

/** The current state. */
export function readState(): URLSearchParams {
  return new URLSearchParams(location.search);
}

/** The view named in the URL (default overview). */
export function currentView(state: URLSearchParams = readState()): ViewName {
  const v = state.get('view');
  return (VIEWS as readonly string[]).includes(v ?? '') ? (v as ViewName) : 'overview';
}

/** Replace (or with `push`, add a history entry for) some keys; `null` removes a key. */
export function writeState(changes: Readonly<Record<string, string | null>>, push = false): URLSearchParams {
  const state = readState();
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === '') state.delete(k);
    else state.set(k, v);
  }
  const url = `${location.pathname}?${state.toString()}`;
  if (push) history.pushState(null, '', url);
  else history.replaceState(null, '', url);
  return state;
}

/** An integer from the state, clamped. */
export function intParam(state: URLSearchParams, key: string, fallback: number, min: number, max: number): number {
  const n = Number(state.get(key));
  return state.has(key) && Number.isFinite(n) ? Math.min(max, Math.max(min, Math.round(n))) : fallback;
}
