"""
Independent reference answers for the `journeys-and-funnel` pipeline (stitch users → sessionize → journeys graph
with metrics → checkout funnel → per-user statistics), computed from the raw UserALE documents with pandas, pm4py,
networkx and Flagon Distill — sharing no code with Distill. Used by analytics_fixtures.py; the semantics followed
are the operators' documented ones (docs/sequences.md, docs/analytics.md):

- time: `clientTime` (+ `microTime` when numeric), else `startTime` (interval logs); untimed events sort last;
- order inside a partition: time, then line number (Distill's `<file>#<n>` ids compare numerically);
- stitch-users: per `sessionId` (else `sessionID`); exactly one distinct non-null `userId` → every event of that
  session gets it; two or more → nothing changes; no session → nothing changes;
- sessionize (defaults): per stitched user (null is one partition); session value = first present of `sessionId`,
  `sessionID`, `browserSessionId`, `httpSessionId`; within a value a gap strictly greater than 30 min starts a new
  session; untimed events join the session open for their value; id = `<user>/<value>/<n>`, components written as
  JavaScript's `encodeURIComponent` (urllib `quote` with the same safe set), missing as `∅`;
- journeys: raw clicks with a target, per new session → pm4py `discover_dfg`, Flagon `pairwiseSeq` +
  `createDiGraph`, networkx metrics;
- funnel: raw events per new session, ordered steps by `pageUrl` substring, 1 h window from the run's first step;
  the deepest run counts (the earliest on ties);
- per-user: raw clicks per new session of each stitched user, summarised with pandas.
"""
import json
import math
from collections import Counter
from urllib.parse import quote

import networkx as nx
import pandas as pd
import pm4py
from distill.analytics.graph.graph import createDiGraph
from distill.process.transform import pairwiseSeq

GAP_MS = 30 * 60_000
WINDOW_MS = 3_600_000
FUNNEL = [("product", "/product/"), ("cart", "/cart"), ("checkout", "/checkout"), ("confirmation", "/confirmation")]
SESSION_FIELDS = ["sessionId", "sessionID", "browserSessionId", "httpSessionId"]

CALLS = {
    "stitch": "pandas: groupby(sessionId else sessionID)['userId'].unique() of non-null users; exactly one → fill",
    "sessions": "plain loop per stitched user over events sorted by (time, untimed last, line): value change or gap > 30 min",
    "journeys": "pm4py.discover_dfg(case=new session, activity=target, timestamp) over raw clicks; "
                "Flagon pairwiseSeq(targets of each session) + createDiGraph(nodes, edges) capacity",
    "metrics": "nx.DiGraph(count) → in/out_degree (weight None|'count'), nx.betweenness_centrality, nx.closeness_centrality, "
               "nx.pagerank(weight='count')",
    "funnel": "per new session over raw events: for each step-1 match, first later match of each next step within 1 h; deepest run",
    "per_user": "groupby(user)[raw clicks per session].agg: count/sum/mean/median/mode/min/max/var(ddof=1|0)/std/quantile (linear)",
}


def missing(v):
    return v is None or v == "" or v == [] or (isinstance(v, float) and math.isnan(v))


def scalar(v):
    if isinstance(v, list):
        v = v[0] if v else None
    return None if missing(v) else v


def num(v):
    return v if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def id_part(v):
    """JavaScript encodeURIComponent of the value's string form; missing → ∅."""
    if missing(v):
        return "∅"
    s = v if isinstance(v, str) else json.dumps(v) if isinstance(v, (dict, list)) else str(v)
    return quote(s, safe="-_.!~*'()")


def summary(values, quantiles=(0.25, 0.5, 0.75, 0.9)):
    s = pd.Series(values, dtype="float64")
    out = {
        "count": int(s.count()), "sum": float(s.sum()), "mean": float(s.mean()), "median": float(s.median()),
        "modes": [float(x) for x in s.mode().tolist()], "min": float(s.min()), "max": float(s.max()),
        "range": float(s.max() - s.min()),
        "variance_sample": None if len(s) < 2 else float(s.var(ddof=1)), "variance_population": float(s.var(ddof=0)),
        "std_sample": None if len(s) < 2 else float(s.std(ddof=1)), "std_population": float(s.std(ddof=0)),
    }
    for q in quantiles:
        out[f"p{round(q * 100)}"] = float(s.quantile(q))
    return out


def load(path):
    rows = []
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
            sid = scalar(d.get("sessionId"))
            if sid is None:
                sid = scalar(d.get("sessionID"))
            value = None
            for field in SESSION_FIELDS:
                value = scalar(d.get(field))
                if value is not None:
                    break
            rows.append({
                "line": n, "t": t, "userId": scalar(d.get("userId")), "sid": sid, "value": value,
                "logType": d.get("logType"), "type": d.get("type"), "target": scalar(d.get("target")),
                "pageUrl": d.get("pageUrl") if isinstance(d.get("pageUrl"), str) else None,
            })
    return pd.DataFrame(rows)


def journeys_reference(path):
    df = load(path)
    # --- quirks present in the input (DESIGN.md §9)
    ordered = df[df["sid"].notna() & df["t"].notna() & (df["logType"] == "raw")]
    out_of_order = int(sum((g["t"].diff() < 0).sum() for _, g in ordered.groupby("sid", sort=False)))
    quirks = {
        "documents": int(len(df)),
        "interval_logs": int((df["logType"] == "interval").sum()),
        "untimed": int(df["t"].isna().sum()),
        "null_user_events": int(df["userId"].isna().sum()),
        "out_of_order_pairs": out_of_order,
    }

    # --- stitch-users (pandas): one distinct non-null user per session → everyone in the session.
    users_per_session = df[df["sid"].notna() & df["userId"].notna()].groupby("sid")["userId"].unique()
    anon = df[df["sid"].notna()].groupby("sid")["userId"].apply(lambda s: int(s.isna().sum()))
    status = Counter()
    fill = {}
    for sid in df["sid"].dropna().unique():
        users = users_per_session.get(sid)
        if users is None or len(users) == 0:
            status["anonymous"] += 1
        elif len(users) > 1:
            status["conflict"] += 1
        else:
            status["stitched" if anon[sid] > 0 else "single"] += 1
            fill[sid] = users[0]
    df["user"] = [fill.get(s, u) if s is not None else u for s, u in zip(df["sid"], df["userId"])]
    stitch = {k: int(status[k]) for k in ["stitched", "single", "anonymous", "conflict"]}

    # --- sessionize: per stitched user, events in partition order.
    df["untimed"] = df["t"].isna()
    df = df.sort_values(["untimed", "t", "line"], kind="stable", na_position="last")
    session_of = {}
    for user, g in df.groupby("user", dropna=False, sort=False):
        prefix = id_part(user)
        groups = {}
        for line, t, value in zip(g["line"], g["t"], g["value"]):
            key = id_part(value)
            st = groups.setdefault(key, {"n": 0, "last": None})
            timed = not (isinstance(t, float) and math.isnan(t))
            if st["n"] == 0 or (timed and st["last"] is not None and t - st["last"] > GAP_MS):
                st["n"] += 1
            session_of[line] = f"{prefix}/{key}/{st['n']}"
            if timed:
                st["last"] = t
    df["session"] = df["line"].map(session_of)
    df = df.sort_values(["session", "untimed", "t", "line"], kind="stable")
    sessions = df.groupby(["user", "session"], dropna=False).size()
    session_rows = sorted(
        [{"user": None if missing(u) else u, "session": s, "count": int(c)} for (u, s), c in sessions.items()],
        key=lambda r: r["session"])

    # --- journeys: raw clicks with a target per new session.
    clicks = df[(df["logType"] == "raw") & (df["type"] == "click") & df["target"].notna()]
    log = pd.DataFrame({
        "case:concept:name": clicks["session"].values, "concept:name": clicks["target"].values,
        "time:timestamp": pd.to_datetime(clicks["t"].values, unit="ms", utc=True),
    })
    dfg, _, _ = pm4py.discover_dfg(log)
    edges = sorted([{"source": a, "target": b, "count": int(c)} for (a, b), c in dfg.items()], key=lambda e: (e["source"], e["target"]))
    fl_nodes, fl_edges = [], []
    for _, g in clicks.groupby("session", sort=True):
        seq = g["target"].tolist()
        fl_nodes.extend(seq)
        fl_edges.extend(pairwiseSeq(seq))
    G_fl = createDiGraph(fl_nodes, list(fl_edges))
    flagon = sorted([{"source": a, "target": b, "count": int(d["capacity"])} for a, b, d in G_fl.edges(data=True)], key=lambda e: (e["source"], e["target"]))
    G = nx.DiGraph()
    G.add_nodes_from(clicks["target"].unique())
    for e in edges:
        G.add_edge(e["source"], e["target"], count=e["count"])
    bc, cc, pr = nx.betweenness_centrality(G), nx.closeness_centrality(G), nx.pagerank(G, weight="count")
    metrics = {v: {
        "in_degree": G.in_degree(v), "out_degree": G.out_degree(v),
        "in_weight": G.in_degree(v, weight="count"), "out_weight": G.out_degree(v, weight="count"),
        "betweenness": bc[v], "closeness": cc[v], "pagerank": pr[v],
    } for v in G.nodes}

    # --- funnel over raw events per new session.
    raw = df[df["logType"] == "raw"]
    reached = [0] * len(FUNNEL)
    times = [[] for _ in FUNNEL]
    dropped = [[] for _ in FUNNEL]
    partitions = 0
    for sid, g in raw.groupby("session", sort=True):
        partitions += 1
        ev = list(zip(g["t"].tolist(), g["pageUrl"].tolist()))
        best = (0, [])
        for i, (t0, page) in enumerate(ev):
            if not (isinstance(page, str) and FUNNEL[0][1] in page):
                continue
            depth, ts = 1, [0.0]
            for t, pg in ev[i + 1:]:
                if depth == len(FUNNEL) or t - t0 > WINDOW_MS:
                    break
                if isinstance(pg, str) and FUNNEL[depth][1] in pg:
                    ts.append(t - t0)
                    depth += 1
            if depth > best[0]:
                best = (depth, ts)
        for k in range(best[0]):
            reached[k] += 1
            times[k].append(best[1][k])
        if best[0] < len(FUNNEL):
            dropped[best[0]].append(sid)
    funnel = []
    for k, (name, _) in enumerate(FUNNEL):
        before = partitions if k == 0 else reached[k - 1]
        funnel.append({
            "step": k + 1, "name": name, "reached": reached[k],
            "conversion_from_previous": None if before == 0 else reached[k] / before,
            "conversion_from_first": None if reached[0] == 0 else reached[k] / reached[0],
            "dropped": before - reached[k], "drop_off": None if before == 0 else (before - reached[k]) / before,
            "median_time_to_convert_ms": float(pd.Series(times[k]).median()) if times[k] else None,
            "dropped_ids": sorted(dropped[k]),
        })

    # --- per user: raw clicks in each of the user's sessions (sessions without raw clicks count 0).
    is_click = (df["logType"] == "raw") & (df["type"] == "click")
    per_session = is_click.groupby([df["user"], df["session"]], dropna=False).sum()
    per_user = []
    for user, values in per_session.groupby(level=0, dropna=False):
        per_user.append({"user": None if missing(user) else user, **summary(values.tolist())})
    per_user.sort(key=lambda r: (r["user"] is None, r["user"] or ""))

    return {
        "quirks": quirks,
        "stitch": stitch,
        "sessions": session_rows,
        "gap_splits": sum(1 for r in session_rows if not r["session"].endswith("/1")),
        "journeys": {"events": int(len(clicks)), "edges": edges, "flagon_edges": flagon, "metrics": metrics},
        "funnel": {"partitions": partitions, "rows": funnel},
        "per_user": per_user,
    }
