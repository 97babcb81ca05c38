"""An independent oracle: answers computed straight from the sample's raw UserALE documents with plain Python
(no Distill, no pandas), following the documented userale mapping."""
from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from typing import Dict, List, Tuple

from conftest import REPO


def raw_journeys() -> Tuple["Counter[Tuple[str, str]]", "Counter[str]", List[int]]:
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
    moves: "Counter[Tuple[str, str]]" = Counter()
    loads_per_page: "Counter[str]" = Counter()
    steps = ["/catalog", "/product/*", "/cart", "/checkout", "/confirmation"]
    reached = [0] * len(steps)
    for visits in loads.values():
        pages = [p for _, _, p in sorted(visits)]
        loads_per_page.update(pages)
        moves.update(zip(pages, pages[1:]))
        depth = 0
        for page in pages:
            if depth < len(steps) and page == steps[depth]:
                depth += 1
        for i in range(depth):
            reached[i] += 1
    return moves, loads_per_page, reached
