"""
The peer of bench/analytics/metric-cost.ts: the same graph's node metrics in networkx, each timed on its own.

  python metric_cost_networkx.py EDGES.json METRIC,...   → one JSON line {"build": ms, "<metric>": ms, ...}

EDGES.json is [[source, target, count], ...] (every node has an edge). Each metric is the call Distill's follow
(src/core/analytics/graph-metrics.ts): degree = in/out degree plain and weighted; betweenness =
nx.betweenness_centrality(G); closeness = nx.closeness_centrality(G); pagerank = nx.pagerank(G, weight="count");
eigenvector = nx.eigenvector_centrality(G, weight="count").
"""
import json
import sys
import time

import networkx as nx


def timed(f):
    t0 = time.perf_counter()
    f()
    return (time.perf_counter() - t0) * 1000


def main():
    with open(sys.argv[1], encoding="utf-8") as fh:
        edges = json.load(fh)
    metrics = sys.argv[2].split(",")
    out = {}
    G = nx.DiGraph()

    def build():
        G.add_weighted_edges_from(edges, weight="count")

    out["build"] = timed(build)
    calls = {
        "degree": lambda: [(G.in_degree(v), G.out_degree(v), G.in_degree(v, weight="count"), G.out_degree(v, weight="count")) for v in G],
        "betweenness": lambda: nx.betweenness_centrality(G),
        "closeness": lambda: nx.closeness_centrality(G),
        "pagerank": lambda: nx.pagerank(G, weight="count"),
        "eigenvector": lambda: nx.eigenvector_centrality(G, weight="count"),
    }
    for m in metrics:
        out[m] = timed(calls[m])
    print(json.dumps(out))


main()
