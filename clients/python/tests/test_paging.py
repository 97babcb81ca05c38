"""NDJSON paging of events: lazily, one page at a time, equal to the CLI's answer."""
from __future__ import annotations

import json
from typing import List

import pandas as pd

from distill_client import Client, records
from conftest import Server

CLICKS = {"where": {"field": "type", "op": "eq", "value": "click"}}


def test_events_come_in_pages_of_the_asked_size_and_equal_the_cli(client: Client, home_env: Server) -> None:
    pages = list(client.events(CLICKS, page_size=100, parse_times=False))
    assert [len(p) for p in pages] == [100, 100, 100, 34]
    together = pd.concat(pages, ignore_index=True)
    expected = [json.loads(line) for line in home_env.cli("query", "--where", "type=click", "--format", "ndjson", "--quiet").splitlines()]
    assert len(expected) == 334
    assert list(together["id"]) == [e["id"] for e in expected]
    assert records(together.drop(columns=["doc"]))[:5] == [{k: e.get(k) for k in together.columns if k != "doc"} for e in expected[:5]]
    assert list(together["doc"]) == [e["doc"] for e in expected]


def test_pages_are_fetched_only_when_consumed(client: Client, home_env: Server) -> None:
    before = len(home_env.requests_to("/v1/query"))
    pages = client.events(CLICKS, page_size=50)
    first = next(pages)
    assert len(first) == 50
    assert home_env.settled_requests_to("/v1/query", before + 1) == before + 1, "one page, one request"
    rest = list(pages)
    assert sum(len(p) for p in rest) == 334 - 50
    assert home_env.settled_requests_to("/v1/query", before + 7) == before + 7  # 334 / 50 → 7 pages
    cursors = [e["query"] for e in home_env.requests_to("/v1/query")[before:]]
    assert cursors[0] == "limit=50"
    assert all(q.startswith("limit=50&cursor=") for q in cursors[1:])


def test_iter_events_streams_dicts_and_reports_progress(client: Client) -> None:
    seen: List[int] = []
    ids = [e["id"] for e in client.iter_events(CLICKS, page_size=200, progress=seen.append)]
    assert len(ids) == 334 and len(set(ids)) == 334
    assert seen == list(range(1, 335))


def test_query_collects_all_pages_and_parses_times(client: Client) -> None:
    frame = client.query({"where": {"field": "type", "op": "eq", "value": "load"}}, page_size=1000)
    assert len(frame) == 188
    assert str(frame["time"].dtype).startswith("datetime64[")
    assert str(frame["time"].dt.tz) == "UTC"
    empty = client.query({"where": {"field": "type", "op": "eq", "value": "no-such-type"}})
    assert len(empty) == 0 and list(empty.columns)[:3] == ["id", "time", "end"]


def test_run_progress_counts_the_bytes_received(client: Client) -> None:
    totals: List[int] = []
    frame = client.run("events-per-session", progress=totals.append)
    assert isinstance(frame, pd.DataFrame) and len(frame) > 0
    assert totals == sorted(totals) and totals[-1] > 1000
