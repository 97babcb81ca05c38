"""The Python examples of the documentation (```python example``` blocks in docs/ and docs/tutorials/), run in order
per page against the test server, each with its ```text output``` compared exactly — so the docs cannot drift from
what the client does."""
from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import pytest

from conftest import REPO, Server

FENCE = re.compile(r"^```([^\n]*)\n(.*?)^```$", re.S | re.M)


def examples(page: Path) -> List[Tuple[int, str, Optional[str]]]:
    """(line, code, expected output or None) of each ```python example``` block of a page."""
    text = page.read_text(encoding="utf-8")
    fences = [(text.count("\n", 0, m.start()) + 1, m.group(1).strip(), m.group(2)) for m in FENCE.finditer(text)]
    found: List[Tuple[int, str, Optional[str]]] = []
    for i, (line, info, body) in enumerate(fences):
        if info != "python example":
            continue
        following = fences[i + 1] if i + 1 < len(fences) else None
        found.append((line, body, following[2] if following is not None and following[1] == "text output" else None))
    return found


PAGES = sorted(p for p in [*(REPO / "docs").glob("*.md"), *(REPO / "docs" / "tutorials").glob("*.md")] if examples(p))


def test_the_docs_have_python_examples() -> None:
    assert [p.relative_to(REPO).as_posix() for p in PAGES] == ["docs/python.md", "docs/tutorials/sessions-journeys-funnels.md"]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_python_examples_run_and_print_what_the_page_says(page: Path, home_env: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISTILL_URL", home_env.url)
    namespace: Dict[str, object] = {"__name__": "__docs__"}
    for line, code, expected in examples(page):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(code, f"{page.name}:{line}", "exec"), namespace)  # noqa: S102 - the docs' own examples
        if expected is not None:
            assert out.getvalue() == expected, f"{page.name}:{line} printed:\n{out.getvalue()}"
