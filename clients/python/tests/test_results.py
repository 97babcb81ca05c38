"""Every result kind as pandas / networkx, equal to what the CLI computes."""
from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any, Dict

import networkx as nx
import pandas as pd
import pytest

from distill_client import Client, convert_envelope, graph_from_json, records
from conftest import EXTRA_PIPELINES, SAMPLE_CONFIG, Server
from raw_sample import raw_journeys

FIXTURES = Path(__file__).parent / "fixtures"
NAMED = sorted([*json.loads(SAMPLE_CONFIG.read_text(encoding="utf-8"))["pipelines"], *EXTRA_PIPELINES])


def cli_csv_frame(server: Server, *args: str) -> pd.DataFrame:
    """The CLI's CSV, read by pandas on its own (empty field = missing)."""
    return pd.read_csv(io.StringIO(server.cli(*args, "--format", "csv", "--quiet")), keep_default_na=False, na_values=[""])


def assert_equals_cli(value: Any, server: Server, result: Dict[str, Any], *cli: str) -> None:
    """A converted result against the CLI's CSV of the same run (graphs: its edge records) and the CLI's JSON result."""
    expected = cli_csv_frame(server, *cli)
    if result["kind"] == "graph":
        assert isinstance(value, nx.Graph)
        assert value.is_directed() == result["directed"]
        edges = pd.DataFrame.from_records([{"source": a, "target": b, **d} for a, b, d in value.edges(data=True)])
        assert sorted(edges.columns) == sorted(expected.columns) and list(expected.columns)[:2] == ["source", "target"]
        keys = ["source", "target"]
        got = edges[list(expected.columns)].sort_values(keys, ignore_index=True)
        pd.testing.assert_frame_equal(got, expected.sort_values(keys, ignore_index=True), check_dtype=False)
        assert [{"key": k, **a} for k, a in value.nodes(data=True)] == result["nodes"]
        assert {k: v for k, v in value.graph.items() if k != "distill"} == result["attributes"]
        assert (value.number_of_nodes(), value.number_of_edges()) == (result["nodeCount"], result["edgeCount"])
        return
    assert isinstance(value, pd.DataFrame)
    assert list(value.columns) == [c["name"] for c in result["columns"]] == list(expected.columns)
    assert len(value) == result["count"] > 0
    json_columns = [c["name"] for c in result["columns"] if c["type"] in ("json", "any")]
    for column in result["columns"]:
        if column["type"] == "time":
            expected[column["name"]] = pd.to_datetime(expected[column["name"]], unit="ms", utc=True)
        if column["name"] in json_columns:  # CSV cells hold JSON text (strings stay plain)
            expected[column["name"]] = [json.loads(v) if isinstance(v, str) and v[:1] in "[{" else v for v in expected[column["name"]]]
    if json_columns:
        assert records(value) == records(expected)
    else:
        pd.testing.assert_frame_equal(value, expected, check_dtype=False)
    as_ms = {c: (value[c] - pd.Timestamp(0, tz="UTC")) // pd.Timedelta(milliseconds=1) for c in value.columns if str(value[c].dtype).startswith("datetime")}
    assert records(value.assign(**as_ms)) == result["rows"]


@pytest.mark.parametrize("name", NAMED)
def test_named_pipeline_results_equal_the_cli_csv(client: Client, home_env: Server, name: str) -> None:
    value = client.run(name)
    envelope = json.loads(home_env.cli("run", name, "--quiet"))
    assert envelope["stats"]["scanned"] == 2529
    if "results" in envelope:
        assert isinstance(value, dict) and list(value) == list(envelope["results"])
        for output, result in envelope["results"].items():
            assert_equals_cli(value[output], home_env, result, "run", name, "--output", output)
            meta = value[output].attrs["distill"] if isinstance(value[output], pd.DataFrame) else value[output].graph["distill"]
            assert meta["stats"]["scanned"] == 2529
    else:
        assert_equals_cli(value, home_env, envelope["result"], "run", name)
        meta = value.attrs["distill"] if isinstance(value, pd.DataFrame) else value.graph["distill"]
        assert meta["stats"]["scanned"] == 2529


def test_every_result_kind_and_multi_output_are_covered_by_the_named_pipelines() -> None:
    config = json.loads(SAMPLE_CONFIG.read_text(encoding="utf-8"))
    assert len(NAMED) == len(config["pipelines"]) + 3
    assert "journeys" in NAMED and "overview" in NAMED


def test_a_graph_result_is_a_networkx_digraph_equal_to_the_raw_sample(client: Client) -> None:
    graph = client.run({"steps": [{"op": "page-journeys"}]})
    assert isinstance(graph, nx.DiGraph) and not isinstance(graph, nx.MultiDiGraph)
    moves, loads, _ = raw_journeys()
    assert {(a, b): d["count"] for a, b, d in graph.edges(data=True)} == dict(moves)
    assert {n: d["loads"] for n, d in graph.nodes(data=True)} == dict(loads)
    assert graph.graph["name"] == "page journeys"
    undirected = client.operator("page-journeys", directed=False)
    assert type(undirected) is nx.Graph
    assert undirected.number_of_nodes() == graph.number_of_nodes() == 7


def test_a_multi_output_pipeline_is_a_dict_of_the_same_answers_as_single_runs(client: Client) -> None:
    value = client.run({"query": {"where": {"field": "kind", "op": "eq", "value": "raw"}}, "steps": [],
                        "outputs": {"users": [{"op": "count-by", "by": "user", "sort": "key"}], "journeys": [{"op": "page-journeys"}]}})
    assert isinstance(value, dict) and list(value) == ["users", "journeys"]
    users = client.run({"query": {"where": {"field": "kind", "op": "eq", "value": "raw"}}, "steps": [{"op": "count-by", "by": "user", "sort": "key"}]})
    journeys = client.run({"query": {"where": {"field": "kind", "op": "eq", "value": "raw"}}, "steps": [{"op": "page-journeys"}]})
    assert isinstance(users, pd.DataFrame) and isinstance(journeys, nx.DiGraph)
    pd.testing.assert_frame_equal(value["users"], users)
    assert list(value["journeys"].nodes(data=True)) == list(journeys.nodes(data=True))
    assert list(value["journeys"].edges(data=True)) == list(journeys.edges(data=True))
    assert value["journeys"].number_of_edges() > 5
    assert int(users["count"].sum()) == 1668


def test_table_dtypes_follow_the_column_types(client: Client) -> None:
    frame = client.run("event-types")
    assert isinstance(frame, pd.DataFrame)
    assert {c: str(t) for c, t in frame.dtypes.items()} in (
        {"type": "object", "count": "int64", "share": "float64"},
        {"type": "str", "count": "int64", "share": "float64"},
    )
    assert frame["count"].sum() == 2529
    assert frame.iloc[0].to_dict() == {"type": "mouseover", "count": 529, "share": 529 / 2529}
    times = client.run("click-times")
    assert str(times["time"].dtype) == "datetime64[ns, UTC]" or str(times["time"].dtype).startswith("datetime64[")
    assert times["time"].iloc[0] == pd.Timestamp("2024-03-04T08:00:00Z")
    assert int(times["count"].sum()) == 334


def test_inline_pipeline_with_params_and_operator_route(client: Client) -> None:
    inline = client.run({"steps": [{"op": "count-by", "by": ["user"], "sort": "key"}]}, source="sample", query={"where": {"field": "type", "op": "eq", "value": "click"}})
    operator = client.operator("count-by", by=["user"], sort="key", query={"where": {"field": "type", "op": "eq", "value": "click"}})
    assert isinstance(inline, pd.DataFrame) and isinstance(operator, pd.DataFrame)
    pd.testing.assert_frame_equal(inline, operator)
    assert int(inline["count"].sum()) == 334
    assert inline["user"].isna().sum() == 1  # anonymous clicks are one group under null
    assert int(inline.loc[inline["user"].isna(), "count"].iloc[0]) == 183


def test_events_result_is_a_dataframe_of_canonical_events(client: Client, home_env: Server) -> None:
    frame = client.run({"query": {"limit": 3}, "steps": []})
    assert isinstance(frame, pd.DataFrame)
    expected = json.loads(home_env.cli("query", "--limit", "3", "--quiet"))["result"]["events"]
    assert list(frame.columns) == ["id", "time", "end", "user", "session", "type", "target", "path", "page", "kind", "doc"]
    assert list(frame["id"]) == [e["id"] for e in expected] == ["sample/userale-sample.ndjson#1", "sample/userale-sample.ndjson#2", "sample/userale-sample.ndjson#3"]
    assert frame["time"].iloc[1] == pd.Timestamp(expected[1]["time"], unit="ms", tz="UTC")
    assert frame["doc"].iloc[0] == expected[0]["doc"]
    raw = client.run({"query": {"limit": 3}, "steps": []}, parse_times=False)
    assert list(raw["time"]) == [e["time"] for e in expected]


def test_graph_result_from_the_documented_json_becomes_a_networkx_graph() -> None:
    envelope = json.loads((FIXTURES / "graph-envelope.json").read_text(encoding="utf-8"))
    graph = convert_envelope(envelope)
    assert isinstance(graph, nx.DiGraph)
    assert graph.graph["name"] == "journeys"
    assert sorted(graph.nodes(data=True)) == [("cart", {"count": 4}), ("checkout", {"count": 2}), ("home", {"count": 9})]
    assert sorted(graph.edges(data=True)) == [("cart", "checkout", {"weight": 2}), ("home", "cart", {"weight": 4}), ("home", "home", {"weight": 3})]
    assert graph.graph["distill"]["stats"]["scanned"] == 15
    undirected = graph_from_json({**envelope["result"], "directed": False})
    assert type(undirected) is nx.Graph and undirected.number_of_edges() == 3
    multi = graph_from_json({**envelope["result"], "multi": True, "edges": envelope["result"]["edges"] * 2})
    assert type(multi) is nx.MultiDiGraph and multi.number_of_edges() == 6


def test_multi_output_envelope_becomes_a_dict_in_output_order() -> None:
    envelope = json.loads((FIXTURES / "multi-envelope.json").read_text(encoding="utf-8"))
    value = convert_envelope(envelope)
    assert isinstance(value, dict)
    assert list(value) == ["types", "journeys"]
    types = value["types"]
    assert isinstance(types, pd.DataFrame) and records(types) == [{"type": "click", "count": 2}, {"type": "load", "count": 1}]
    assert isinstance(value["journeys"], nx.DiGraph) and list(value["journeys"].edges(data=True)) == [("home", "cart", {"weight": 1})]
    assert types.attrs["distill"]["warnings"] == []


def test_unknown_result_kinds_are_a_protocol_error() -> None:
    from distill_client import ProtocolError

    with pytest.raises(ProtocolError, match="Unknown result kind 'cube'"):
        convert_envelope({"result": {"kind": "cube"}})
    with pytest.raises(ProtocolError, match="not a Distill envelope"):
        convert_envelope({"stats": {}})
