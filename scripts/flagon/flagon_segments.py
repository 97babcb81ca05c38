"""
Run Apache Flagon Distill 0.1.0 (PyPI `flagon-distill`) segmentation functions on a UserALE NDJSON file and print
JSON results, for the side-by-side comparison with Distill (scripts/flagon/compare.ts).

    python flagon_segments.py <file.ndjson>

Logs are keyed `#<n>` (n = 1-based line number among documents, Distill's id suffix) so both sides name the same
events. Flagon's functions expect a dict "ordered by clientTime" with integer clientTime; the per-user runs give
them exactly that (logs with a clientTime, sorted by clientTime then n), the most favourable input. Separate probes
record what happens on the file as logged: Flagon's getUUID recipe, logs without clientTime, file order.
"""
import json
import sys
import traceback

import distill

path = sys.argv[1]
logs = []
with open(path, encoding="utf-8") as f:
    for line in f:
        if line.strip():
            logs.append(json.loads(line))
keyed = {f"#{i + 1}": log for i, log in enumerate(logs)}


def segs(segments):
    return [
        {"name": s.segment_name, "start": s.start_end_val[0], "end": s.start_end_val[1], "count": s.num_logs, "ids": list(s.uids)}
        for s in segments
    ]


def attempt(fn):
    try:
        return {"ok": fn()}
    except Exception as e:  # the point is to record Flagon's failures
        return {"error": f"{type(e).__name__}: {e}", "where": traceback.extract_tb(e.__traceback__)[-1].name}


out = {"flagon": "flagon-distill 0.1.0", "logs": len(logs)}

# Flagon's unique-id recipe: current UserALE logs carry sessionId, not sessionID.
out["getUUID"] = attempt(lambda: len({distill.getUUID(l) for l in logs}))
# The same recipe on whichever session field a log has: how many logs share a key with another (lost in a dict).
recipe = [str(l.get("sessionId", l.get("sessionID"))) + str(l.get("clientTime")) + str(l.get("logType")) + str(l.get("type", "")) for l in logs]
out["uuidRecipe"] = {"logs": len(recipe), "distinctKeys": len(set(recipe))}
# Logs as read, including interval and custom logs without clientTime.
out["allLogsDeadspace"] = attempt(lambda: len(distill.detect_deadspace(keyed, 60, 0, 0)))

timed = sorted(((k, l) for k, l in keyed.items() if isinstance(l.get("clientTime"), int)), key=lambda kv: (kv[1]["clientTime"], int(kv[0][1:])))
users = sorted({str(l.get("userId")) for _, l in timed})
per_user = {}
for user in users:
    d = {k: l for k, l in timed if str(l.get("userId")) == user}
    file_order = {k: l for k, l in sorted(d.items(), key=lambda kv: int(kv[0][1:]))}
    first = next(iter(d.values()))["clientTime"]
    r = {
        "create_segment": attempt(lambda: segs(distill.create_segment(d, ["w0", "w1"], [(first, first + 60000), (first + 60000, first + 120000)]))),
        "generate_segments": attempt(lambda: segs(distill.generate_segments(d, "type", ["click"], 1, 2, label="c"))),
        "detect_deadspace": attempt(lambda: segs(distill.detect_deadspace(d, 60, 0, 0, label="idle"))),
        "detect_deadspace_file_order": attempt(lambda: segs(distill.detect_deadspace(file_order, 60, 0, 0, label="idle"))),
        "detect_deadspace_reversed": attempt(lambda: segs(distill.detect_deadspace(dict(reversed(list(d.items()))), 60, 0, 0, label="idle"))),
        "generate_fixed_time_segments": attempt(lambda: segs(distill.generate_fixed_time_segments(d, 60, label="w"))),
        "generate_fixed_time_segments_trim": attempt(lambda: segs(distill.generate_fixed_time_segments(d, 60, trim=True, label="w"))),
        "generate_collapsing_window_segments": attempt(lambda: segs(distill.generate_collapsing_window_segments(d, "type", ["scroll", "wheel"], label="s"))),
    }
    gen = distill.generate_segments(d, "type", ["click"], 1, 2, label="c")
    dead = distill.detect_deadspace(d, 60, 0, 0, label="idle")
    if len(gen) > 0 and len(dead) > 0:
        a, b = gen[0], dead[0]
        r["union"] = attempt(lambda: segs([distill.union("u", a, b)]))
        r["intersection"] = attempt(lambda: segs([distill.intersection("i", a, b)]))
        r["difference"] = attempt(lambda: segs([distill.difference("d", a, b)]))
    per_user[user] = r
out["users"] = per_user
json.dump(out, sys.stdout)
