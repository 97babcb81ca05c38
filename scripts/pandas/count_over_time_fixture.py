"""
Reference answers for the `count-over-time` operator, computed with pandas (independent of Distill).

Writes test/core/operators/fixtures/count-over-time.pandas.json: the input events and, per parameter set, the rows
pandas gives for `df.groupby([bucket, *by], dropna=False, sort=True).size()` where bucket is
`df.time.dt.floor(freq)` (fixed widths) or `df.time.dt.to_period(freq).dt.start_time` (calendar units).
Events without a time are dropped, as pandas drops NaT keys.

Run: python3 scripts/pandas/count_over_time_fixture.py   (pandas 3.1.1 was used)
"""
import json
import math
import os
import random

import pandas as pd

random.seed(42)
START = pd.Timestamp("2024-03-03T22:00:00Z").value // 1_000_000  # epoch ms, a Sunday evening
events = []
for i in range(400):
    t = START + random.randint(0, 40 * 86_400_000) + random.randint(0, 999) / 1000  # ms with a microTime-like fraction
    if i % 37 == 0:
        t = None  # untimed (UserALE custom logs without clientTime)
    events.append({
        "id": f"e{i}",
        "time": t,
        "type": random.choice(["click", "focus", "blur", "input"]),
        "user": random.choice(["alice", "bob", "carol", None]),
    })

df = pd.DataFrame(events)
df["ts"] = pd.to_datetime(df["time"], unit="ms", utc=True)

CASES = [
    {"interval": "15m"},
    {"interval": "1h"},
    {"interval": "1d", "by": "type"},
    {"interval": "1d", "by": ["user", "type"]},
    {"interval": "1d", "by": "user", "missing": "skip"},
    {"interval": "1w"},
    {"interval": "1M", "by": "user"},
    {"interval": "1q"},
    {"interval": "1y"},
]
FIXED = {"15m": "15min", "1h": "1h", "1d": "1D"}
PERIOD = {"1w": "W-SUN", "1M": "M", "1q": "Q", "1y": "Y"}


def bucket(series, interval):
    if interval in FIXED:
        return series.dt.floor(FIXED[interval])
    return series.dt.tz_localize(None).dt.to_period(PERIOD[interval]).dt.start_time.dt.tz_localize("UTC")


results = []
for case in CASES:
    by = case.get("by", [])
    by = [by] if isinstance(by, str) else by
    timed = df[df["ts"].notna()].copy()
    timed["bucket"] = bucket(timed["ts"], case["interval"])
    if case.get("missing") == "skip":
        timed = timed.dropna(subset=by)
    sizes = timed.groupby(["bucket", *by], dropna=False, sort=True).size()
    rows = []
    for key, count in sizes.items():
        key = key if isinstance(key, tuple) else (key,)
        row = {"time": int(key[0].value // 1_000_000)}
        for name, value in zip(by, key[1:]):
            row[name] = None if (value is None or (isinstance(value, float) and math.isnan(value))) else value
        row["count"] = int(count)
        rows.append(row)
    # pandas sorts NaN keys last within a bucket, like Distill's missing-last order.
    results.append({"params": case, "rows": rows})

out = {
    "provenance": f"pandas {pd.__version__}: df.groupby([time.dt.floor(freq) | time.dt.to_period(freq).start_time, *by], dropna=False, sort=True).size(); scripts/pandas/count_over_time_fixture.py",
    "events": events,
    "untimed": int(df["ts"].isna().sum()),
    "cases": results,
}
path = os.path.join(os.path.dirname(__file__), "..", "..", "test", "core", "operators", "fixtures", "count-over-time.pandas.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print("wrote", os.path.normpath(path))
