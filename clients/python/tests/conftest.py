"""A real `distill serve` for the tests: started once per session on a free port, with a temporary Distill home
(where it generates its certificate and token, as for a user) and the bundled sample config."""
from __future__ import annotations

import json
import os
import queue
import re
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest

REPO = Path(os.environ.get("DISTILL_REPO", Path(__file__).resolve().parents[3]))
SAMPLE_CONFIG = REPO / "dist-config" / "distill.config.json"


def distill_command() -> List[str]:
    """How to start the CLI: DISTILL_CLI (a JSON array, set by test/clients/python-client.test.ts), else node bin/distill.js."""
    raw = os.environ.get("DISTILL_CLI")
    return list(json.loads(raw)) if raw else ["node", str(REPO / "bin" / "distill.js")]


@dataclass
class Server:
    url: str
    port: int
    home: Path
    config: Path
    fingerprint: str
    process: subprocess.Popen  # type: ignore[type-arg]
    log: List[Dict[str, Any]] = field(default_factory=list)

    def requests_to(self, path: str) -> List[Dict[str, Any]]:
        """Access-log entries of requests to ``path`` so far (the server logs one JSON line per request)."""
        return [e for e in list(self.log) if e.get("msg") == "request" and e.get("path") == path]

    def settled_requests_to(self, path: str, at_least: int, timeout: float = 10.0) -> int:
        """How many requests to ``path`` the log shows once it has at least ``at_least`` (the log line is written when
        a response ends and read by another thread), after a short quiet period that would reveal extra ones."""
        deadline = time.monotonic() + timeout
        while len(self.requests_to(path)) < at_least and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.3)
        return len(self.requests_to(path))

    def cli(self, *args: str) -> str:
        """Run the Distill CLI with the server's config; its standard output."""
        done = subprocess.run(
            [*distill_command(), *args, "--config", str(self.config)],
            capture_output=True, text=True, timeout=120, env={**os.environ, "DISTILL_CONFIG": "", "DISTILL_HOME": str(self.home)}, check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout


def write_config(directory: Path, extra_pipelines: Dict[str, Any]) -> Path:
    """The bundled sample config and data (copied, so event ids read `sample/userale-sample.ndjson#n`), the
    `page-journeys` graph plugin (tests/fixtures) and the tests' extra named pipelines."""
    config = json.loads(SAMPLE_CONFIG.read_text(encoding="utf-8"))
    config.pop("$schema", None)
    (directory / "sample").mkdir()
    shutil.copy(REPO / "dist-config" / "sample" / "userale-sample.ndjson", directory / "sample" / "userale-sample.ndjson")
    config["pipelines"].update(extra_pipelines)
    shutil.copy(Path(__file__).parent / "fixtures" / "page-journeys.mjs", directory / "page-journeys.mjs")
    config["plugins"] = ["page-journeys.mjs"]
    path = directory / "distill.config.json"
    path.write_text(json.dumps(config, indent=2), encoding="utf-8")
    return path


#: Named pipelines the tests add to the sample's.
EXTRA_PIPELINES: Dict[str, Any] = {
    "click-times": {
        "description": "Clicks per hour (a time column)",
        "query": {"where": {"field": "type", "op": "eq", "value": "click"}},
        "steps": [{"op": "count-over-time", "interval": "1h"}],
    },
    "journeys": {
        "description": "Page-load transitions within sessions (a graph result, from the page-journeys plugin)",
        "steps": [{"op": "page-journeys"}],
    },
    "overview": {
        "description": "Several outputs from one read: event types, clicks per user and the journey graph",
        "steps": [],
        "outputs": {
            "types": [{"op": "count-by", "by": "type"}],
            "clickers": [{"op": "filter", "where": {"field": "type", "op": "eq", "value": "click"}}, {"op": "count-by", "by": "user", "limit": 5}],
            "journeys": [{"op": "page-journeys"}],
        },
    },
}


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    work = Path(tempfile.mkdtemp(prefix="distill-pyclient-"))
    home = work / "home"
    config = write_config(work, EXTRA_PIPELINES)
    env = {**os.environ, "DISTILL_HOME": str(home), "DISTILL_CONFIG": ""}
    env.pop("DISTILL_TOKEN", None)
    process = subprocess.Popen(
        [*distill_command(), "serve", "--host", "127.0.0.1", "--port", "0", "--config", str(config), "--log-level", "info"],
        cwd=work, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    banner: "queue.Queue[str]" = queue.Queue()
    log: List[Dict[str, Any]] = []

    def read_stdout() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            banner.put(line)
        banner.put("")

    def read_stderr() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            try:
                log.append(json.loads(line))
            except ValueError:
                log.append({"text": line})

    threading.Thread(target=read_stdout, daemon=True).start()
    threading.Thread(target=read_stderr, daemon=True).start()
    text = ""
    while "Press Ctrl-C to stop." not in text:
        try:
            line = banner.get(timeout=60)
        except queue.Empty:
            process.kill()
            raise RuntimeError(f"distill serve did not start within 60 s:\n{text}\n{log}") from None
        if line == "":
            raise RuntimeError(f"distill serve exited ({process.wait()}):\n{text}\n{log}")
        text += line
    url = re.search(r"URL\s+(https://\S+)", text)
    sha = re.search(r"SHA-256\s+([0-9A-F:]{95})", text)
    assert url is not None and sha is not None, text
    port = int(url.group(1).rsplit(":", 1)[1])
    srv = Server(url=url.group(1), port=port, home=home, config=config, fingerprint=sha.group(1), process=process, log=log)
    try:
        yield srv
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(work, ignore_errors=True)


@pytest.fixture()
def home_env(server: Server, monkeypatch: pytest.MonkeyPatch) -> Server:
    """The test process sees the server's Distill home (as a user's notebook would see theirs) and no overrides."""
    monkeypatch.setenv("DISTILL_HOME", str(server.home))
    for name in ("DISTILL_URL", "DISTILL_TOKEN", "DISTILL_CERT", "DISTILL_FINGERPRINT"):
        monkeypatch.delenv(name, raising=False)
    return server


@pytest.fixture()
def client(home_env: Server) -> Iterator[Any]:
    from distill_client import Client

    with Client(home_env.url) as c:
        yield c
