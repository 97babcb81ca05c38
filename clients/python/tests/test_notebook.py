"""The tutorial notebook (examples/tutorial.ipynb), executed top to bottom in a real Jupyter kernel against the
test server; any cell error fails, and the numbers it prints — the server's answers, nothing computed in pandas —
are checked against independent oracles: raw_sample.py (plain Python over the raw documents) and the pandas
reference of the `journeys-and-funnel` pipeline (test/fixtures/analytics/reference.json, written by
scripts/reference/analytics_fixtures.py)."""
from __future__ import annotations

import json
import re
from typing import Any, List

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import REPO, Server
from raw_sample import raw_journeys


def text_outputs(cell: Any) -> str:
    parts: List[str] = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            parts.append(output.get("text", ""))
        elif "data" in output and "text/plain" in output["data"]:
            parts.append(output["data"]["text/plain"])
    return "".join(parts)


def test_the_tutorial_notebook_runs_top_to_bottom(home_env: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISTILL_URL", home_env.url)
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    notebook = nbformat.read(REPO / "examples" / "tutorial.ipynb", as_version=4)
    assert all(not c.get("outputs") for c in notebook.cells if c.cell_type == "code"), "the committed notebook carries no outputs"
    NotebookClient(notebook, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(REPO / "examples")}}).execute()
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert all(o.get("output_type") != "error" for c in code for o in c.get("outputs", []))
    printed = "\n".join(text_outputs(c) for c in code)
    assert re.search(r"Distill 0\.2\.0: ok; sources: sample", printed)
    assert "2529 events of 21 types; 2529 documents read" in printed
    reference = json.loads((REPO / "test" / "fixtures" / "analytics" / "reference.json").read_text(encoding="utf-8"))["journeys"]["sample"]
    sessions = reference["sessions"]
    signed_in = {s["user"] for s in sessions if s["user"] is not None}
    anonymous = sum(1 for s in sessions if s["user"] is None)
    assert f"{sum(s['count'] for s in sessions)} events, {len(sessions)} sessions of {len(signed_in)} signed-in users and {anonymous} anonymous visits" in printed
    assert "2529 events, 24 sessions of 7 signed-in users and 7 anonymous visits" in printed
    figures = [o for c in code for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert len(figures) == 3, "bar chart of types, journey graph, funnel chart"
    moves, _, _ = raw_journeys()
    pages = {p for move in moves for p in move}
    assert f"{len(pages)} pages, {len(moves)} transitions, {sum(moves.values())} page-to-page moves" in printed
    assert "7 pages, 18 transitions, 164 page-to-page moves" in printed
    funnel = reference["funnel"]["rows"]
    assert " → ".join(f"{r['name']} {r['reached']}" for r in funnel) in printed
    assert "product 15 → cart 8 → checkout 5 → confirmation 3" in printed
