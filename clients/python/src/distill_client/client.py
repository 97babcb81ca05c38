"""The Distill client: one pinned HTTPS session to a running ``distill serve``."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Dict, Iterator, List, Mapping, Optional, Union
from urllib.parse import quote

import pandas as pd
import requests

from ._home import distill_home, read_token
from ._pinning import PinnedAdapter, normalize_fingerprint, pem_fingerprint
from ._progress import Progress, ProgressArg
from .errors import ConnectionFailed, DistillError, PinningError, ProtocolError, TruncatedResponse, from_problem
from .results import Converted, convert_envelope, events_frame

DEFAULT_URL = "https://127.0.0.1:8443"
NDJSON = "application/x-ndjson"


class Client:
    """A connection to a Distill server, pinned to its certificate.

    Defaults come from where ``distill serve`` keeps them — the Distill home (``$DISTILL_HOME``, else
    ``~/.config/distill`` on Linux, ``~/Library/Application Support/Distill`` on macOS, ``%APPDATA%\\Distill`` on
    Windows): the certificate ``cert.pem`` (trusted as the only CA, and its SHA-256 required on every connection)
    and the token file ``token``. ``DISTILL_URL``, ``DISTILL_TOKEN``, ``DISTILL_CERT`` and
    ``DISTILL_FINGERPRINT`` override them; so do the arguments.

    Pass ``fingerprint=`` (the ``SHA-256`` line ``distill serve`` printed) to pin independently of the file: a
    server with any other certificate is refused with :class:`PinningError` before the token is sent.

    >>> client = Client()                                          # doctest: +SKIP
    >>> client.run("event-types").head()                           # doctest: +SKIP
    """

    def __init__(
        self,
        url: Optional[str] = None,
        *,
        token: Optional[str] = None,
        cert: Optional[Union[str, os.PathLike[str]]] = None,
        fingerprint: Optional[str] = None,
        home: Optional[Union[str, os.PathLike[str]]] = None,
        timeout: float = 300.0,
    ) -> None:
        env = os.environ
        self.home = Path(home) if home is not None else distill_home()
        self.url = (url or env.get("DISTILL_URL") or DEFAULT_URL).rstrip("/")
        if not self.url.startswith("https://"):
            raise DistillError(f"Distill serves HTTPS only; the URL must start with https://, got {self.url!r}")
        cert_path = Path(cert) if cert is not None else Path(env["DISTILL_CERT"]) if env.get("DISTILL_CERT") else self.home / "cert.pem"
        try:
            pem = cert_path.read_text(encoding="ascii")
        except FileNotFoundError:
            raise DistillError(f"No server certificate at {cert_path}: start `distill serve` once (it generates one there), or pass cert=") from None
        self.cert = str(cert_path)
        pinned = fingerprint or env.get("DISTILL_FINGERPRINT") or None
        #: The SHA-256 fingerprint every connection must present (64 hex digits).
        self.fingerprint = normalize_fingerprint(pinned) if pinned else pem_fingerprint(pem)
        resolved = token or env.get("DISTILL_TOKEN") or read_token(self.home)
        if not resolved:
            raise DistillError(f"No token: set DISTILL_TOKEN, pass token=, or start `distill serve` once (it stores one in {self.home / 'token'})")
        self.timeout = timeout
        self.session = requests.Session()
        self.session.mount(self.url + "/", PinnedAdapter(self.cert, self.fingerprint))
        self.session.verify = self.cert
        self.session.headers["Authorization"] = f"Bearer {resolved}"
        self.session.headers["User-Agent"] = "distill-client-python"

    def __repr__(self) -> str:
        return f"Client({self.url!r}, fingerprint={self.fingerprint[:16]}…)"

    def close(self) -> None:
        """Close the connections."""
        self.session.close()

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---------------------------------------------------------------- transport

    def _request(self, method: str, path: str, *, body: Optional[Mapping[str, Any]] = None, params: Optional[Mapping[str, Any]] = None,
                 accept: str = "application/json", stream: bool = False) -> requests.Response:
        try:
            response = self.session.request(
                method, self.url + path, json=body, params=params, headers={"Accept": accept}, stream=stream, timeout=self.timeout,
            )
        except requests.exceptions.SSLError as error:
            raise PinningError(f"Refused {self.url}: its certificate is not the pinned one (SHA-256 {self.fingerprint}): {error}") from None
        except requests.exceptions.ConnectionError as error:
            raise ConnectionFailed(f"Could not connect to {self.url}: is `distill serve` running there? ({error})") from None
        if response.status_code >= 400:
            try:
                problem = response.json()
            except ValueError:
                raise ProtocolError(f"{response.status_code} from {path} without a problem document", status=response.status_code) from None
            raise from_problem(response.status_code, problem)
        return response

    def _json(self, method: str, path: str, body: Optional[Mapping[str, Any]] = None, progress: ProgressArg = None) -> Any:
        response = self._request(method, path, body=body, stream=progress is not None and progress is not False)
        if progress is None or progress is False:
            return response.json()
        meter = Progress(progress, "B", f"{method} {path}")
        chunks: List[bytes] = []
        try:
            for chunk in response.iter_content(chunk_size=64 * 1024):
                chunks.append(chunk)
                meter.update(len(chunk))
        except requests.exceptions.ChunkedEncodingError:
            raise TruncatedResponse(f"The server cut the response to {path} (a failure after the first records; see its log)") from None
        finally:
            meter.close()
        return json.loads(b"".join(chunks))

    # ---------------------------------------------------------------- service

    def health(self) -> Dict[str, Any]:
        """``GET /v1/health``: version, uptime, each source's reachability."""
        return dict(self._json("GET", "/v1/health"))

    def version(self) -> Dict[str, Any]:
        """``GET /v1/version``."""
        return dict(self._json("GET", "/v1/version"))

    def sources(self) -> List[Dict[str, Any]]:
        """The server's configured sources (never credentials)."""
        return list(self._json("GET", "/v1/sources")["sources"])

    def fields(self, source: Optional[str] = None, sample: Optional[int] = None) -> pd.DataFrame:
        """Fields of a source with types, counts, roles and examples, one row per field."""
        name = source if source is not None else str(self._json("GET", "/v1/sources")["defaultSource"])
        query = "" if sample is None else f"?sample={int(sample)}"
        body = self._json("GET", f"/v1/sources/{quote(name, safe='')}/fields{query}")
        return pd.DataFrame.from_records(body["fields"])

    def pipelines(self) -> List[Dict[str, Any]]:
        """The server's named pipelines (name, description, the pipeline)."""
        return list(self._json("GET", "/v1/pipelines")["pipelines"])

    def operators(self) -> List[Dict[str, Any]]:
        """The operator catalog: name, summary, params as JSON Schema."""
        return list(self._json("GET", "/v1/operators")["operators"])

    # ---------------------------------------------------------------- runs

    def run_envelope(self, pipeline: Union[str, Mapping[str, Any]], *, progress: ProgressArg = None, **params: Any) -> Dict[str, Any]:
        """Run a named pipeline (``str``) or an inline pipeline document (``dict``) and return the raw JSON envelope
        ``{distill, request, source, result | results, stats, warnings}``. ``params`` are top-level pipeline keys:
        ``source=``, ``strict=``, and for inline pipelines also ``query=``, ``steps=``, ``outputs=``, ``output=``."""
        if isinstance(pipeline, str):
            return dict(self._json("POST", f"/v1/pipelines/{quote(pipeline, safe='')}/run", params, progress))
        return dict(self._json("POST", "/v1/pipelines/run", {**pipeline, **params}, progress))

    def run(self, pipeline: Union[str, Mapping[str, Any]], *, parse_times: bool = True, progress: ProgressArg = None,
            **params: Any) -> Union[Converted, Dict[str, Converted]]:
        """Run a pipeline and convert its result: a table or events → ``pandas.DataFrame``, a graph →
        ``networkx.DiGraph``/``Graph``, a multi-output pipeline → ``{output name: converted result}``.
        ``progress=True`` shows the bytes received (tqdm when installed), or pass a callback ``f(total_bytes)``.

        Raises a :class:`DistillError` subclass for the server's problem documents (``InvalidRequest`` with
        ``issues`` pointing into your pipeline, ``NotFound`` for an unknown name, ...).

        >>> client.run("event-types")                                                    # doctest: +SKIP
        >>> client.run({"steps": [{"op": "count-by", "by": "user"}]}, source="sample")  # doctest: +SKIP
        """
        return convert_envelope(self.run_envelope(pipeline, progress=progress, **params), parse_times)

    def operator(self, name: str, *, query: Optional[Mapping[str, Any]] = None, source: Optional[str] = None, strict: Optional[bool] = None,
                 parse_times: bool = True, **params: Any) -> Union[Converted, Dict[str, Converted]]:
        """Run one operator over a query's events: ``client.operator("count-by", by="user")``."""
        body: Dict[str, Any] = {"params": params}
        if query is not None:
            body["query"] = query
        if source is not None:
            body["source"] = source
        if strict is not None:
            body["strict"] = strict
        return convert_envelope(self._json("POST", f"/v1/operators/{quote(name, safe='')}/run", body), parse_times)

    def query(self, query: Optional[Mapping[str, Any]] = None, *, source: Optional[str] = None, parse_times: bool = True,
              page_size: int = 10_000, progress: ProgressArg = None) -> pd.DataFrame:
        """All events matching a query, as one DataFrame (fetched page by page; see :meth:`events` to stay lean)."""
        pages = list(self.events(query, source=source, page_size=page_size, parse_times=parse_times, progress=progress))
        if not pages:
            return events_frame([], parse_times)
        return pd.concat(pages, ignore_index=True)

    def iter_events(self, query: Optional[Mapping[str, Any]] = None, *, source: Optional[str] = None, page_size: int = 10_000,
                    progress: ProgressArg = None) -> Iterator[Dict[str, Any]]:
        """Events matching a query, one dict at a time, streamed as NDJSON in pages of ``page_size`` (cursor
        pagination): memory holds one line at a time, however many events match. Every page is recomputed by the
        server (it caches nothing); the cursor keeps ``now`` fixed so relative times mean the same on each page."""
        body: Dict[str, Any] = {}
        if query is not None:
            body["query"] = query
        if source is not None:
            body["source"] = source
        cursor: Optional[str] = None
        meter = Progress(progress, "events", "events")
        try:
            while True:
                params: Dict[str, Any] = {"limit": page_size}
                if cursor is not None:
                    params["cursor"] = cursor
                response = self._request("POST", "/v1/query", body=body, params=params, accept=NDJSON, stream=True)
                try:
                    for line in response.iter_lines():
                        if line:
                            meter.update(1)
                            yield json.loads(line)
                except requests.exceptions.ChunkedEncodingError:
                    raise TruncatedResponse("The server cut the event stream (a failure after the first events; see its log)") from None
                finally:
                    response.close()
                cursor = response.headers.get("Distill-Next-Cursor")
                if cursor is None:
                    return
        finally:
            meter.close()

    def events(self, query: Optional[Mapping[str, Any]] = None, *, source: Optional[str] = None, page_size: int = 10_000,
               parse_times: bool = True, progress: ProgressArg = None) -> Iterator[pd.DataFrame]:
        """Events matching a query as DataFrames of at most ``page_size`` rows, one per NDJSON page, fetched lazily:
        only one page is in memory at a time.

        >>> for page in client.events({"where": {"field": "type", "op": "eq", "value": "click"}}):  # doctest: +SKIP
        ...     print(len(page))
        """
        batch: List[Dict[str, Any]] = []
        for event in self.iter_events(query, source=source, page_size=page_size, progress=progress):
            batch.append(event)
            if len(batch) == page_size:
                yield events_frame(batch, parse_times)
                batch = []
        if batch:
            yield events_frame(batch, parse_times)
