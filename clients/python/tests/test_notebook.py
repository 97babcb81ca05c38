"""The tutorial notebook (examples/tutorial.ipynb), executed top to bottom in a real Jupyter kernel against the
test server; any cell error fails, and the numbers it prints are checked."""
from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from typing import Any, Dict, List, Tuple

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import REPO, Server


def text_outputs(cell: Any) -> str:
    parts: List[str] = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            parts.append(output.get("text", ""))
        elif "data" in output and "text/plain" in output["data"]:
            parts.append(output["data"]["text/plain"])
    return "".join(parts)


def raw_journeys() -> Tuple[Counter, List[int]]:
    """Transitions and funnel counts straight from the sample's raw UserALE documents, without Distill or pandas:
    page loads with a clientTime, by sessionId (sessionID in older UserALE) in time order (file order breaks ties), URL paths with products merged."""
    loads: Dict[str, List[Tuple[float, int, str]]] = defaultdict(list)
    with open(REPO / "dist-config" / "sample" / "userale-sample.ndjson", encoding="utf-8") as f:
        for n, line in enumerate(f):
            doc = json.loads(line)
            session = doc.get("sessionId") if doc.get("sessionId") is not None else doc.get("sessionID")  # older UserALE
            if doc.get("type") != "load" or session is None or not isinstance(doc.get("clientTime"), (int, float)):
                continue
            path = re.sub(r"[?#].*$", "", re.sub(r"^https://[^/]+", "", doc["pageUrl"]))
            path = re.sub(r"^/product/\d+$", "/product/*", path)
            loads[session].append((doc["clientTime"] + doc.get("microTime", 0), n, path))
    moves: Counter = Counter()
    steps = ["/catalog", "/product/*", "/cart", "/checkout", "/confirmation"]
    reached = [0] * len(steps)
    for visits in loads.values():
        pages = [p for _, _, p in sorted(visits)]
        moves.update(zip(pages, pages[1:]))
        depth = 0
        for page in pages:
            if depth < len(steps) and page == steps[depth]:
                depth += 1
        for i in range(depth):
            reached[i] += 1
    return moves, reached


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
    assert "2529 events, 24 sessions" in printed
    figures = [o for c in code for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert len(figures) == 3, "bar chart of types, journey graph, funnel chart"
    moves, reached = raw_journeys()
    pages = {p for move in moves for p in move}
    assert f"{len(pages)} pages, {len(moves)} transitions, {sum(moves.values())} page-to-page moves" in printed
    assert "7 pages, 18 transitions, 164 page-to-page moves" in printed
    assert " → ".join(f"{s} {n}" for s, n in zip(["/catalog", "/product/*", "/cart", "/checkout", "/confirmation"], reached)) in printed
    assert "/catalog 24 → /product/* 15 → /cart 8 → /checkout 5 → /confirmation 3" in printed
