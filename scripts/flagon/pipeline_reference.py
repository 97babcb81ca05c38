"""
An independent plain-Python reference of the realistic sequence pipeline, for checking Distill's totals:

    normalise URLs → stitch users → sessionize (session field, then 30-min gap) → collapse repeats → idle segments

    python3 scripts/flagon/pipeline_reference.py <file.ndjson> [idle_limit_ms]   → JSON totals on stdout

Written from the operators' documented semantics (docs/sequences.md), sharing no code with Distill:
- time: clientTime (+ microTime when numeric), else startTime; untimed events sort last;
- order inside a partition: time, then line number (Distill's `<file>#<n>` ids compare numerically);
- stitch-users: per sessionId (else sessionID); exactly one distinct non-null user → every event gets it;
- sessionize: per user; value = first present of session, sessionId, sessionID, browserSessionId, httpSessionId;
  a gap strictly greater than 30 min starts a new session within a value; untimed events join the open session;
- collapse-repeats: per new session, consecutive events equal on (type, target) — typed, missing equals missing,
  untimed never merged with timed — keep the first;
- segment idle: per new session, consecutive timed events more than the limit apart give one segment
  [t_before, t_after) holding the timed events with t_before <= t < t_after.
URL normalisation writes an attribute only, so it changes no total.
"""
import json
import sys

path = sys.argv[1]
idle_limit = float(sys.argv[2]) if len(sys.argv) > 2 else 60_000
GAP = 30 * 60_000


def missing(v):
    return v is None or v == "" or v == []


def scalar(v):
    if isinstance(v, list):
        v = v[0] if v else None
    return None if missing(v) else v


def num(v):
    return v if isinstance(v, (int, float)) and not isinstance(v, bool) else None


events = []
with open(path, encoding="utf-8") as f:
    n = 0
    for line in f:
        if not line.strip():
            continue
        n += 1
        d = json.loads(line)
        t = num(d.get("clientTime"))
        if t is not None and num(d.get("microTime")) is not None:
            t = t + d["microTime"]
        if t is None:
            t = num(d.get("startTime"))
        session = d.get("sessionId") if not missing(d.get("sessionId")) else d.get("sessionID")
        events.append({
            "n": n, "t": t, "doc": d,
            "user": None if missing(d.get("userId")) else d.get("userId"),
            "session": None if missing(session) else session,
        })


def order(e):
    return (e["t"] is None, e["t"] if e["t"] is not None else 0, e["n"])


def group(items, key):
    out = {}
    for e in items:
        out.setdefault(key(e), []).append(e)
    return out


# stitch-users
status = {"stitched": 0, "single": 0, "anonymous": 0, "conflict": 0, "no-session": 0}
for s, evs in group(events, lambda e: e["session"]).items():
    if s is None:
        status["no-session"] += 1
        continue
    users = {}
    for e in evs:
        if e["user"] is not None:
            users[str(e["user"])] = users.get(str(e["user"]), 0) + 1
    anonymous = sum(1 for e in evs if e["user"] is None)
    if len(users) == 0:
        status["anonymous"] += 1
    elif len(users) > 1:
        status["conflict"] += 1
    else:
        status["stitched" if anonymous > 0 else "single"] += 1
        u = next(iter(users))
        for e in evs:
            e["user"] = u

# sessionize
FIELDS = ["session", "sessionId", "sessionID", "browserSessionId", "httpSessionId"]
sessions = 0
for u, evs in group(events, lambda e: e["user"]).items():
    groups = {}
    for e in sorted(evs, key=order):
        value = None
        for f in FIELDS:
            v = scalar(e["session"] if f == "session" else e["doc"].get(f))
            if v is not None:
                value = v
                break
        gk = (type(value).__name__, json.dumps(value) if not isinstance(value, str) else value)
        g = groups.setdefault(gk, {"n": 0, "last": None, "open": False})
        split = not g["open"] or (e["t"] is not None and g["last"] is not None and e["t"] - g["last"] > GAP)
        if split:
            g["n"] += 1
            g["open"] = True
            sessions += 1
        e["new_session"] = (u, gk, g["n"])
        if e["t"] is not None:
            g["last"] = e["t"]


def typed(v):
    return None if v is None else (type(v).__name__, json.dumps(v, sort_keys=True))


# collapse-repeats, then idle segments
collapsed = 0
segments = 0
segment_events = 0
for s, evs in group(events, lambda e: e["new_session"]).items():
    kept = []
    prev = None
    for e in sorted(evs, key=order):
        key = (typed(e["doc"].get("type")), typed(e["doc"].get("target")))
        if prev is not None and key == prev[0] and (e["t"] is None) == (prev[1] is None):
            prev = (key, e["t"])
            continue
        kept.append(e)
        prev = (key, e["t"])
    collapsed += len(kept)
    times = [e["t"] for e in kept if e["t"] is not None]
    for i in range(len(times) - 1):
        if times[i + 1] - times[i] > idle_limit:
            segments += 1
            segment_events += sum(1 for t in times if times[i] <= t < times[i + 1])

json.dump({"events": len(events), "stitch": status, "sessions": sessions, "collapsed": collapsed, "segments": segments, "segmentEvents": segment_events}, sys.stdout)
