"""Turn Distill's JSON results into pandas DataFrames and networkx graphs.

Result shapes (see docs/pipelines.md): ``{kind: "table", columns: [{name, type}], rows: [...]}``,
``{kind: "events", events: [...]}`` and ``{kind: "graph", directed, attributes, nodes: [{key, ...}],
edges: [{source, target, ...}]}``; a multi-output envelope has ``results: {name: result}`` instead of ``result``.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Mapping, Optional, Sequence, Union

import pandas as pd

from .errors import ProtocolError

if TYPE_CHECKING:  # networkx is an optional dependency
    import networkx as nx

#: The canonical event columns, in the order the server's CSV writes them; ``doc`` and ``attrs`` follow.
EVENT_COLUMNS: Sequence[str] = ("id", "time", "end", "user", "session", "type", "target", "path", "page", "kind")

Converted = Union[pd.DataFrame, "nx.Graph[Any]"]
"""One converted result: a DataFrame (table, events) or a networkx graph."""


def _to_datetime(series: pd.Series) -> pd.Series:
    """Epoch milliseconds (float, possibly fractional or null) → timezone-aware UTC timestamps."""
    return pd.to_datetime(pd.to_numeric(series, errors="coerce"), unit="ms", utc=True)


def table_frame(result: Mapping[str, Any], parse_times: bool = True) -> pd.DataFrame:
    """A table result as a DataFrame with the server's column order; ``time`` columns become UTC datetimes
    when ``parse_times``. Cost: one pass over the rows.

    >>> table_frame({"kind": "table", "columns": [{"name": "type", "type": "string"}, {"name": "count", "type": "integer"}],
    ...              "rows": [{"type": "click", "count": 3}]}).to_dict("records")
    [{'type': 'click', 'count': 3}]
    """
    columns = [c["name"] for c in result["columns"]]
    frame = pd.DataFrame.from_records(list(result["rows"]), columns=columns)
    if parse_times:
        for column in result["columns"]:
            if column.get("type") == "time":
                frame[column["name"]] = _to_datetime(frame[column["name"]])
    return frame


def events_frame(events: Iterable[Mapping[str, Any]], parse_times: bool = True) -> pd.DataFrame:
    """Canonical events as a DataFrame: the role columns (``id, time, end, user, session, type, target, path, page,
    kind``), then ``doc`` (the original document, a dict) and ``attrs`` when any event has derived attributes.
    ``time``/``end`` become UTC datetimes when ``parse_times`` (events without a time get ``NaT``)."""
    records = list(events)
    extra = [c for c in ("doc", "attrs") if any(c in e for e in records)]
    frame = pd.DataFrame.from_records(records, columns=[*EVENT_COLUMNS, *extra])
    if parse_times:
        for column in ("time", "end"):
            frame[column] = _to_datetime(frame[column])
    return frame


def graph_from_json(result: Mapping[str, Any]) -> "nx.Graph[Any]":
    """A graph result as a networkx ``DiGraph`` (``directed``) or ``Graph``; ``MultiDiGraph``/``MultiGraph`` when the
    result says ``multi``. Node attributes are the node record without ``key``; edge attributes the edge record
    without ``source``/``target``; the result's ``attributes`` go to ``G.graph``. Needs networkx
    (``pip install "distill-client[graph]"``)."""
    try:
        import networkx as nx
    except ImportError as error:  # pragma: no cover - exercised only without networkx
        raise ImportError('Graph results need networkx: pip install "distill-client[graph]" (or pip install networkx)') from error
    directed = bool(result.get("directed", True))
    multi = bool(result.get("multi", False))
    graph: nx.Graph[Any]
    if multi:
        graph = nx.MultiDiGraph() if directed else nx.MultiGraph()
    else:
        graph = nx.DiGraph() if directed else nx.Graph()
    graph.graph.update(result.get("attributes") or {})
    for node in result.get("nodes", []):
        attrs = {k: v for k, v in node.items() if k != "key"}
        graph.add_node(node["key"], **attrs)
    for edge in result.get("edges", []):
        attrs = {k: v for k, v in edge.items() if k not in ("source", "target")}
        graph.add_edge(edge["source"], edge["target"], **attrs)
    return graph


def convert_result(result: Mapping[str, Any], parse_times: bool = True) -> Converted:
    """One result of an envelope, by its ``kind``: table/events → DataFrame, graph → networkx graph."""
    kind = result.get("kind")
    if kind == "table":
        return table_frame(result, parse_times)
    if kind == "events":
        return events_frame(result["events"], parse_times)
    if kind == "graph":
        return graph_from_json(result)
    raise ProtocolError(f"Unknown result kind {kind!r}: this client knows table, events and graph (upgrade distill-client?)")


def convert_envelope(envelope: Mapping[str, Any], parse_times: bool = True) -> Union[Converted, Dict[str, Converted]]:
    """The value of a run: the converted ``result``, or for a multi-output pipeline a dict ``name → converted
    result`` in the pipeline's output order. DataFrames carry the run's ``stats``, ``warnings``, ``request`` and
    ``source`` in ``frame.attrs["distill"]``; graphs in ``G.graph["distill"]``."""
    meta = {k: envelope.get(k) for k in ("stats", "warnings", "request", "source")}

    def one(result: Mapping[str, Any]) -> Converted:
        value = convert_result(result, parse_times)
        if isinstance(value, pd.DataFrame):
            value.attrs["distill"] = meta
        else:
            value.graph["distill"] = meta
        return value

    if "results" in envelope:
        return {name: one(result) for name, result in envelope["results"].items()}
    if "result" in envelope:
        return one(envelope["result"])
    raise ProtocolError("The response is not a Distill envelope (no result or results).")


def records(frame: pd.DataFrame) -> List[Dict[str, Any]]:
    """Plain records of a DataFrame (NaN/NaT → None, numpy scalars → Python ones), e.g. to compare or save as JSON."""
    out: List[Dict[str, Any]] = []
    for row in frame.to_dict(orient="records"):
        clean: Dict[str, Any] = {}
        for key, value in row.items():
            if value is None or (not isinstance(value, (list, dict)) and pd.isna(value)):
                clean[str(key)] = None
            else:
                clean[str(key)] = value.item() if hasattr(value, "item") else value
        out.append(clean)
    return out

