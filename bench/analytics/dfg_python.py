"""
The DFG workload in Python tools, one tool per invocation (each run is a whole process, timed by the caller):

  raw logs → sessions by session id (sessionId, else sessionID) ordered by clientTime + microTime (file order on
  ties) → directly-follows edges over targets with counts; plus raw clicks per user.

  python dfg_python.py pm4py   FILE   # pandas.read_json(lines=True) + pm4py.discover_dfg
  python dfg_python.py flagon  FILE   # json + Flagon Distill pairwiseSeq per session + createDiGraph (capacity)
  python dfg_python.py duckdb  FILE   # DuckDB SQL: lag() over read_ndjson

Prints one JSON line: distinct edges, transitions (sum of counts), users with raw clicks, raw clicks, and a
checksum of the edge list, so the caller can check every tool found the same graph.
"""
import hashlib
import json
import sys


def summary(edges, clicks):
    lines = sorted(f"{a}\u0000{b}\u0000{c}" for (a, b), c in edges.items())
    return {
        "edges": len(edges),
        "transitions": int(sum(edges.values())),
        "users": len(clicks),
        "clicks": int(sum(clicks.values())),
        "checksum": hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16],
    }


def run_pm4py(path):
    import pandas as pd
    import pm4py

    # read_json in chunks, keeping the columns the workload needs (a 1M-event file whole would need ~10 GB).
    keep = ["logType", "type", "userId", "target", "sessionId", "sessionID", "clientTime", "microTime"]
    parts = []
    for chunk in pd.read_json(path, lines=True, dtype=False, chunksize=100_000):
        parts.append(chunk.reindex(columns=keep))
    df = pd.concat(parts, ignore_index=True)
    df["sessionId"] = df["sessionId"].fillna(df["sessionID"])
    raw = df[(df["logType"] == "raw")]
    clicks = raw[raw["type"] == "click"].groupby("userId").size().to_dict()
    raw = raw[raw["target"].notna() & raw["sessionId"].notna() & raw["clientTime"].notna()]
    log = pd.DataFrame({
        "case:concept:name": raw["sessionId"],
        "concept:name": raw["target"],
        "time:timestamp": pd.to_datetime(raw["clientTime"].astype("float64") + raw["microTime"].fillna(0.0), unit="ms", utc=True),
    })
    dfg, _, _ = pm4py.discover_dfg(log)
    return summary(dict(dfg), clicks)


def run_flagon(path):
    from collections import Counter, defaultdict
    from distill.analytics.graph.graph import createDiGraph
    from distill.process.transform import pairwiseSeq

    sessions = defaultdict(list)
    clicks = Counter()
    with open(path) as f:
        for i, line in enumerate(f):
            d = json.loads(line)
            if d.get("logType") != "raw":
                continue
            if d.get("type") == "click" and d.get("userId") is not None:
                clicks[d["userId"]] += 1
            sid = d.get("sessionId") or d.get("sessionID")
            if d.get("target") is None or sid is None or d.get("clientTime") is None:
                continue
            sessions[sid].append((d["clientTime"] + (d.get("microTime") or 0.0), i, d["target"]))
    nodes, edges = [], []
    for sid in sessions:
        seq = [t for _, _, t in sorted(sessions[sid])]
        nodes.extend(seq)
        edges.extend(pairwiseSeq(seq))
    G = createDiGraph(nodes, edges)
    return summary({(a, b): d["capacity"] for a, b, d in G.edges(data=True)}, clicks)


def run_duckdb(path):
    import duckdb

    con = duckdb.connect()
    # read_ndjson_objects + one json_extract_string with a list of paths: each document is parsed once (the `->>`
    # operator parses it again for every field: 5.1 s instead of 3.1 s here), no schema inference over the whole file,
    # and JSON paths are case-sensitive, so UserALE's older `sessionID` stays apart from `sessionId` (read_ndjson with
    # declared columns is faster, 1.6 s, but cannot declare both: its column names are case-insensitive, and with
    # `sessionId` alone a quarter of this file's events lose their session). row_number() keeps the file order for
    # ties in time, as every other tool does (without it DuckDB breaks ties arbitrarily and the graph differs).
    con.execute(
        "CREATE TEMP TABLE raw AS SELECT coalesce(x[1], x[2]) AS sid, x[3] AS userId, x[4] AS type, x[5] AS target, "
        "CAST(x[6] AS DOUBLE) + coalesce(CAST(x[7] AS DOUBLE), 0) AS t, n "
        "FROM (SELECT json_extract_string(json, ['$.sessionId', '$.sessionID', '$.userId', '$.type', '$.target', "
        "'$.clientTime', '$.microTime', '$.logType']) AS x, row_number() OVER () AS n "
        f"FROM read_ndjson_objects('{path}')) WHERE x[8] = 'raw'"
    )
    edges = con.execute(
        "SELECT prev, target, count(*) FROM (SELECT target, lag(target) OVER (PARTITION BY sid ORDER BY t, n) AS prev "
        "FROM raw WHERE target IS NOT NULL AND sid IS NOT NULL AND t IS NOT NULL) WHERE prev IS NOT NULL GROUP BY prev, target"
    ).fetchall()
    clicks = con.execute("SELECT userId, count(*) FROM raw WHERE type = 'click' AND userId IS NOT NULL GROUP BY userId").fetchall()
    return summary({(a, b): c for a, b, c in edges}, dict(clicks))


if __name__ == "__main__":
    tool, path = sys.argv[1], sys.argv[2]
    out = {"pm4py": run_pm4py, "flagon": run_flagon, "duckdb": run_duckdb}[tool](path)
    print(json.dumps(out))
