"""
Reference answers for Distill's analytics, computed with independent tools (never with Distill):
pandas (statistics, quantiles, modes, transition counts and probabilities, time between steps), scipy (variance,
entropy), networkx (degree, betweenness, closeness, PageRank, eigenvector), pm4py (`discover_dfg`) and Flagon
Distill (`pairwiseSeq` + `createDiGraph`).

Writes test/fixtures/analytics/reference.json with a provenance note (tool, version, call per value).

Run: $(sh scripts/reference/setup-venv.sh) scripts/reference/analytics_fixtures.py
"""
import json
import math
import os
import random
import sys
from collections import Counter
from importlib.metadata import version

import networkx as nx
import pandas as pd
import pm4py
import scipy
import scipy.stats
from distill.analytics.graph.graph import createDiGraph
from distill.process.transform import pairwiseSeq

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "test", "fixtures", "analytics", "reference.json")
SAMPLE = os.path.join(ROOT, "dist-config", "sample", "userale-sample.ndjson")

random.seed(7)
TARGETS = ["#home", "#search", "#item", "#cart", "#pay", "#help"]
TYPES = ["click", "click", "click", "focus", "input"]
START = 1_709_542_000_000

# --- synthetic events: 4 users, 9 sessions, unique times within a session, repeats (self-loops), interval logs.
events = []
n = 0
for s in range(9):
    user = f"u{s % 4}"
    session = f"s{s}"
    t = START + s * 3_600_000
    length = random.randint(1, 14) if s != 4 else 1  # session s4 has one event
    prev = random.choice(TARGETS)
    for i in range(length):
        target = prev if random.random() < 0.2 else random.choice(TARGETS)
        prev = target
        t += random.randint(200, 30_000) + random.randint(0, 999) / 1000
        kind = "interval" if random.random() < 0.1 else "raw"
        value = random.choice([1, 2, 2, 3, 3, 5, 8])
        events.append({
            "id": f"e{n}", "time": t, "user": user, "session": session, "type": random.choice(TYPES),
            "target": target, "kind": kind, "value": value,
        })
        n += 1

df = pd.DataFrame(events)
df = df.sort_values(["session", "time"], kind="stable")
calls = {}


def summary(series, quantiles):
    s = pd.Series(series, dtype="float64")
    out = {
        "count": int(s.count()),
        "sum": float(s.sum()),
        "mean": float(s.mean()),
        "median": float(s.median()),
        "modes": [float(x) for x in s.mode().tolist()],
        "min": float(s.min()),
        "max": float(s.max()),
        "range": float(s.max() - s.min()),
        "variance_sample": None if len(s) < 2 else float(s.var(ddof=1)),
        "variance_population": float(s.var(ddof=0)),
        "std_sample": None if len(s) < 2 else float(s.std(ddof=1)),
        "std_population": float(s.std(ddof=0)),
        "scipy_variance_sample": None if len(s) < 2 else float(scipy.stats.tvar(s)),
    }
    for q in quantiles:
        out[f"q{q}"] = float(s.quantile(q))
    return out


calls["summary"] = "pd.Series.count/sum/mean/median/mode/min/max, var(ddof=1|0), std(ddof=1|0), quantile(q) (linear), scipy.stats.tvar"
QS = [0.1, 0.25, 0.5, 0.75, 0.9, 0.99]
stats = {
    "value_all": summary(df["value"], QS),
    "value_ties": summary([1, 1, 2, 2, 3, 7.5, 7.5], QS),
    "value_two": summary([4.0, 10.0], QS),
    "value_one": summary([42.0], QS),
}
# Within-user: gaps between consecutive events of each user (ordered by time).
bu = df.sort_values(["user", "time"], kind="stable")
bu = bu.assign(gap=bu.groupby("user")["time"].diff())
stats["gap_per_user"] = {u: summary(g["gap"].dropna(), QS) for u, g in bu.groupby("user")}
calls["gap_per_user"] = "df.sort_values(['user','time']).groupby('user')['time'].diff() then summary per user"
# Between-user: raw clicks per user.
clicks = df[(df["type"] == "click") & (df["kind"] == "raw")].groupby("user").size().reindex(sorted(df["user"].unique()), fill_value=0)
stats["raw_clicks_per_user"] = {"values": {k: int(v) for k, v in clicks.items()}, "summary": summary(clicks, QS)}
calls["raw_clicks_per_user"] = "df[(type=='click')&(kind=='raw')].groupby('user').size().reindex(all users, fill_value=0)"
# Sessions per user.
spu = df.groupby("user")["session"].nunique()
stats["sessions_per_user"] = {"values": {k: int(v) for k, v in spu.items()}, "summary": summary(spu, QS)}
calls["sessions_per_user"] = "df.groupby('user')['session'].nunique()"

# --- directly-follows within sessions (pandas), probabilities and time between.
df["next_target"] = df.groupby("session")["target"].shift(-1)
df["next_time"] = df.groupby("session")["time"].shift(-1)
pairs = df.dropna(subset=["next_target"]).copy()
pairs["gap"] = pairs["next_time"] - pairs["time"]
edge_counts = pairs.groupby(["target", "next_target"]).size()
edge_parts = pairs.groupby(["target", "next_target"])["session"].nunique()
prob = pd.crosstab(pairs["target"], pairs["next_target"], normalize="index")
gaps = pairs.groupby(["target", "next_target"])["gap"]
edges = []
for (a, b), c in edge_counts.items():
    edges.append({
        "source": a, "target": b, "count": int(c), "partitions": int(edge_parts[(a, b)]),
        "probability": float(prob.loc[a, b]),
        "time_mean": float(gaps.mean()[(a, b)]), "time_median": float(gaps.median()[(a, b)]),
        "time_p90": float(gaps.quantile(0.9)[(a, b)]),
    })
calls["edges"] = ("groupby('session')['target'].shift(-1) pairs; groupby([target,next]).size(), ['session'].nunique(); "
                  "pd.crosstab(target, next, normalize='index'); gap mean/median/quantile(0.9)")

# --- pm4py discover_dfg over the same sessions.
log = pd.DataFrame({
    "case:concept:name": df["session"], "concept:name": df["target"],
    "time:timestamp": pd.to_datetime(df["time"], unit="ms", utc=True),
})
dfg, start_acts, end_acts = pm4py.discover_dfg(log)
pm4py_dfg = {
    "edges": sorted([{"source": a, "target": b, "count": int(c)} for (a, b), c in dfg.items()], key=lambda e: (e["source"], e["target"])),
    "start": {k: int(v) for k, v in start_acts.items()},
    "end": {k: int(v) for k, v in end_acts.items()},
}
calls["pm4py"] = "pm4py.discover_dfg(DataFrame(case:concept:name=session, concept:name=target, time:timestamp))"

# --- Flagon Distill: pairwiseSeq per session, createDiGraph over all pairs.
fl_edges = []
nodes = []
for _, g in df.groupby("session", sort=True):
    seq = g["target"].tolist()
    nodes.extend(seq)
    fl_edges.extend(pairwiseSeq(seq))
G_fl = createDiGraph(nodes, list(fl_edges))
G_fl_drop = createDiGraph(nodes, list(fl_edges), drop_recursions=True)
flagon = {
    "edges": sorted([{"source": a, "target": b, "count": int(d["capacity"])} for a, b, d in G_fl.edges(data=True)], key=lambda e: (e["source"], e["target"])),
    "edges_drop_recursions": sorted([{"source": a, "target": b, "count": int(d["capacity"])} for a, b, d in G_fl_drop.edges(data=True)], key=lambda e: (e["source"], e["target"])),
}
calls["flagon"] = "distill.process.transform.pairwiseSeq(targets of each session); distill.analytics.graph.graph.createDiGraph(nodes, edges[, drop_recursions=True]) capacity"


# --- networkx metrics on the directly-follows graph (weight = count).
def metrics(G):
    out = {}
    bc = nx.betweenness_centrality(G)
    cc = nx.closeness_centrality(G)
    pr = nx.pagerank(G, weight="count")
    try:
        ev = nx.eigenvector_centrality(G, weight="count") if nx.is_strongly_connected(G) else None
    except nx.PowerIterationFailedConvergence:
        ev = None
    for v in G.nodes:
        out[v] = {
            "in_degree": G.in_degree(v), "out_degree": G.out_degree(v),
            "in_weight": G.in_degree(v, weight="count"), "out_weight": G.out_degree(v, weight="count"),
            "betweenness": bc[v], "closeness": cc[v], "pagerank": pr[v],
            "eigenvector": None if ev is None else ev[v],
        }
    return {"nodes": out, "density": nx.density(G), "strongly_connected": nx.is_strongly_connected(G)}


G = nx.DiGraph()
for e in edges:
    G.add_edge(e["source"], e["target"], count=e["count"])
calls["metrics"] = ("nx.in_degree/out_degree (weight=None|'count'), nx.betweenness_centrality(G), nx.closeness_centrality(G), "
                    "nx.pagerank(G, weight='count'), nx.eigenvector_centrality(G, weight='count') if strongly connected, nx.density")
# A strongly connected graph where eigenvector centrality is meaningful.
S = nx.DiGraph()
for a, b, c in [("a", "b", 3), ("b", "c", 1), ("c", "a", 2), ("b", "a", 1), ("c", "d", 4), ("d", "a", 1), ("d", "b", 2), ("a", "a", 1)]:
    S.add_edge(a, b, count=c)
strong = {"edges": [{"source": a, "target": b, "count": d["count"]} for a, b, d in S.edges(data=True)], **metrics(S)}

# --- transition entropy per session (scipy).
entropy = {}
for sid, g in df.groupby("session"):
    seq = g["target"].tolist()
    c = Counter(zip(seq, seq[1:]))
    entropy[sid] = float(scipy.stats.entropy(list(c.values()), base=2)) if c else 0.0
calls["entropy"] = "scipy.stats.entropy(Counter(zip(seq, seq[1:])).values(), base=2) per session"

# --- the bundled sample: raw logs with a target and a time, sessions by sessionId, directly-follows over targets.
raw = pd.read_json(SAMPLE, lines=True)
raw["sessionId"] = raw["sessionId"].fillna(raw["sessionID"])  # older UserALE versions spell it sessionID
raw = raw[(raw["logType"] == "raw") & raw["target"].notna() & raw["clientTime"].notna() & raw["sessionId"].notna()].copy()
raw["t"] = raw["clientTime"].astype("float64") + raw["microTime"].fillna(0.0)
raw["line"] = range(len(raw))
raw = raw.sort_values(["sessionId", "t", "line"], kind="stable")
sample_log = pd.DataFrame({
    "case:concept:name": raw["sessionId"], "concept:name": raw["target"],
    "time:timestamp": pd.to_datetime(raw["t"], unit="ms", utc=True),
})
sdfg, _, _ = pm4py.discover_dfg(sample_log)
sample = {
    "filter": "logType == 'raw' and target, clientTime, sessionId (else sessionID) present; time = clientTime + microTime",
    "events": int(len(raw)),
    "sessions": int(raw["sessionId"].nunique()),
    "edges": sorted([{"source": a, "target": b, "count": int(c)} for (a, b), c in sdfg.items()], key=lambda e: (e["source"], e["target"])),
    "raw_clicks_per_user": {k: int(v) for k, v in raw[raw["type"] == "click"].groupby("userId").size().items()},
}
allrows = pd.read_json(SAMPLE, lines=True)
raw_clicks = allrows[(allrows["logType"] == "raw") & (allrows["type"] == "click")]
sample["clicks_per_user"] = {("null" if pd.isna(k) else k): int(v) for k, v in raw_clicks.groupby("userId", dropna=False).size().items()}
sample["top_click_targets"] = [{"target": k, "count": int(v)} for k, v in raw_clicks.groupby("target").size().sort_values(ascending=False, kind="stable").items()]
sample["click_logs_by_kind"] = {k: int(v) for k, v in allrows[allrows["type"] == "click"].groupby("logType").size().items()}
# Named pipelines of the bundled config (dist-config/distill.config.json), over the same sample.
allrows["session"] = allrows["sessionId"].fillna(allrows["sessionID"])
signed = allrows[allrows["userId"].notna()]
spu_s = signed.groupby("userId")["session"].nunique()
sample["sessions_per_user"] = {"values": {k: int(v) for k, v in spu_s.items()}, "summary": summary(spu_s, [0.25, 0.5, 0.75, 0.9])}
cpu = signed[(signed["logType"] == "raw") & (signed["type"] == "click")].groupby("userId").size().reindex(sorted(signed["userId"].unique()), fill_value=0)
sample["click_stats_between_users"] = summary(cpu, [0.25, 0.5, 0.75, 0.9])
rawp = allrows[(allrows["logType"] == "raw") & allrows["pageUrl"].notna()].copy()
rawp["t"] = rawp["clientTime"].astype("float64") + rawp["microTime"].fillna(0.0)
rawp["line"] = range(len(rawp))
rawp = rawp.sort_values(["session", "t", "line"], kind="stable")
page_edges = Counter()
variant_counts = Counter()
for _, g in rawp.groupby("session", sort=True):
    pages = g["pageUrl"].tolist()
    collapsed = [p for i, p in enumerate(pages) if i == 0 or pages[i - 1] != p]
    variant_counts[" → ".join(collapsed)] += 1
    seq = ["[start]"] + collapsed + ["[end]"]
    page_edges.update(zip(seq, seq[1:]))
sample["journeys_pages"] = sorted([{"source": a, "target": b, "count": c} for (a, b), c in page_edges.items()], key=lambda e: (e["source"], e["target"]))
sample["variants"] = dict(variant_counts)
# The checkout funnel (ordered, 1 h window) written out plainly: for every event matching step 1, take the first
# match of each next step after the previous one within the window; the deepest run counts, the earliest on ties.
FUNNEL = ["/product/", "/cart", "/checkout", "/confirmation"]
reached = [0] * len(FUNNEL)
times = [[] for _ in FUNNEL]
n_sessions = 0
raw_all = allrows[allrows["logType"] == "raw"].copy()
raw_all["t"] = raw_all["clientTime"].astype("float64") + raw_all["microTime"].fillna(0.0)
raw_all["line"] = range(len(raw_all))
raw_all = raw_all.sort_values(["session", "t", "line"], kind="stable")
for _, g in raw_all.groupby("session", sort=True, dropna=False):
    n_sessions += 1
    ev = list(zip(g["t"].tolist(), g["pageUrl"].tolist()))
    best = (0, [])
    for i, (t0, page) in enumerate(ev):
        if not (isinstance(page, str) and FUNNEL[0] in page):
            continue
        depth, ts = 1, [0.0]
        for t, pg in ev[i + 1:]:
            if depth == len(FUNNEL) or t - t0 > 3_600_000:
                break
            if isinstance(pg, str) and FUNNEL[depth] in pg:
                ts.append(t - t0)
                depth += 1
        if depth > best[0]:
            best = (depth, ts)
    for k in range(best[0]):
        reached[k] += 1
        times[k].append(best[1][k])
clicks_log = raw_all[(raw_all["type"] == "click") & raw_all["target"].notna()]
cdfg, _, _ = pm4py.discover_dfg(pd.DataFrame({
    "case:concept:name": clicks_log["session"], "concept:name": clicks_log["target"],
    "time:timestamp": pd.to_datetime(clicks_log["t"], unit="ms", utc=True),
}))
sample["journeys_targets"] = sorted([{"source": a, "target": b, "count": int(c)} for (a, b), c in cdfg.items()], key=lambda e: (e["source"], e["target"]))
sample["checkout_funnel"] = {
    "partitions": n_sessions,
    "reached": reached,
    "median_time_to_convert_ms": [float(pd.Series(x).median()) if x else None for x in times],
}
calls["sample_pipelines"] = ("journeys-targets: pm4py.discover_dfg over raw clicks by session; checkout funnel: the loop above; "
                             "sessions per signed-in user: groupby('userId')['session'].nunique(); raw clicks per signed-in user reindexed "
                             "with 0; page journeys: consecutive duplicate pages dropped per session, [start]/[end] added, Counter of pairs; "
                             "variants: Counter of ' → '-joined collapsed page sequences")
calls["sample"] = "pd.read_json(sample, lines=True) filtered; pm4py.discover_dfg; groupby('userId').size() of raw clicks; clicks_per_user: all raw clicks groupby('userId', dropna=False).size(); top_click_targets: groupby('target').size() of raw clicks"

doc = {
    "provenance": {
        "script": "scripts/reference/analytics_fixtures.py",
        "note": "Computed with independent tools only; regenerate with the command in the script's docstring.",
        "python": sys.version.split()[0],
        "tools": {name: version(name) for name in ["pandas", "numpy", "scipy", "networkx", "pm4py", "flagon-distill"]},
        "calls": calls,
    },
    "events": events,
    "stats": stats,
    "edges": sorted(edges, key=lambda e: (e["source"], e["target"])),
    "pm4py": pm4py_dfg,
    "flagon": flagon,
    "metrics": metrics(G),
    "strong": strong,
    "entropy": entropy,
    "sample": sample,
}


def clean(x):
    if isinstance(x, float) and (math.isnan(x) or math.isinf(x)):
        return None
    if isinstance(x, dict):
        return {k: clean(v) for k, v in x.items()}
    if isinstance(x, list):
        return [clean(v) for v in x]
    return x


os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w") as f:
    json.dump(clean(doc), f, indent=1, sort_keys=False)
    f.write("\n")
print(f"wrote {OUT}: {len(events)} events, {len(edges)} edges, sample {sample['events']} events / {len(sample['edges'])} edges")
