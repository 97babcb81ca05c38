"""
Flagon Distill's equivalent of the sequence pipeline, for bench/sequence/pipeline.ts: what an analyst does with
flagon-distill 0.1.0 (which has no URL normalisation, user stitching, sessionizer or repeat collapsing):

    read NDJSON → group logs by (userId, sessionId) as Flagon's session helpers do → per group, a dict keyed by
    line id ordered by clientTime (Flagon requires it) → detect_deadspace(dict, 60, 0, 0) per group

Logs without an integer clientTime are left out (Flagon raises KeyError on them). Prints JSON: segments, the
events they hold, groups, seconds inside Python (after imports: wall and CPU) and peak RSS.

    python bench/sequence/flagon_pipeline.py <file.ndjson>
"""
import json
import resource
import sys
import time

import distill

t0 = time.perf_counter()
c0 = time.process_time()
groups = {}
with open(sys.argv[1], encoding="utf-8") as f:
    n = 0
    for line in f:
        if not line.strip():
            continue
        n += 1
        log = json.loads(line)
        if not isinstance(log.get("clientTime"), int):
            continue
        key = (str(log.get("userId")), str(log.get("sessionId", log.get("sessionID"))))
        groups.setdefault(key, []).append((log["clientTime"], n, log))
segments = 0
held = 0
for items in groups.values():
    items.sort(key=lambda x: (x[0], x[1]))
    d = {f"#{i}": log for _, i, log in items}
    for s in distill.detect_deadspace(d, 60, 0, 0):
        segments += 1
        held += s.num_logs
seconds = time.perf_counter() - t0
cpu_seconds = time.process_time() - c0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
json.dump({"logs": n, "groups": len(groups), "segments": segments, "segmentLogs": held, "seconds": seconds, "cpuSeconds": cpu_seconds, "peakRss": peak}, sys.stdout)
