"""Distill from a notebook: call the REST server with the certificate pinned, load results into pandas.

Run it as a script or paste the cells into Jupyter / PyCharm:

    export DISTILL_URL=https://127.0.0.1:8443
    export DISTILL_TOKEN="$(cat ~/.config/distill/token)"
    export DISTILL_CERT=~/.config/distill/cert.pem
    export DISTILL_FINGERPRINT=AB:CD:...            # the SHA-256 `distill serve` printed (optional, recommended)
    python3 examples/notebook.py [--pipeline event-types] [--out summary.json]

Pinning, twice over: `verify=<cert.pem>` trusts exactly the server's (self-signed) certificate, and the
fingerprint check refuses any other certificate even if it chained to something trusted. The SSL context also
turns on OpenSSL's strict X.509 checks, as Python 3.13 does by default.

Needs: requests, pandas.
"""
from __future__ import annotations

import argparse
import io
import json
import math
import os
import ssl
import sys

import pandas as pd
import requests
from requests.adapters import HTTPAdapter


class PinnedAdapter(HTTPAdapter):
    """Trust one certificate file, check strictly, and require the certificate's SHA-256 fingerprint."""

    def __init__(self, cafile: str, fingerprint: str | None, **kwargs):
        self._cafile = cafile
        self._fingerprint = fingerprint.replace(":", "").lower() if fingerprint else None
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        context = ssl.create_default_context(cafile=self._cafile)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.verify_flags |= getattr(ssl, "VERIFY_X509_STRICT", 0)
        kwargs["ssl_context"] = context
        if self._fingerprint:
            kwargs["assert_fingerprint"] = self._fingerprint
        return super().init_poolmanager(*args, **kwargs)


def connect(url: str, token: str, cert: str, fingerprint: str | None = None) -> requests.Session:
    """A session that sends the bearer token and talks only to the pinned server."""
    session = requests.Session()
    session.mount(url.rstrip("/") + "/", PinnedAdapter(cert, fingerprint))
    session.verify = cert
    session.headers["Authorization"] = f"Bearer {token}"
    return session


def check(response: requests.Response) -> requests.Response:
    """Raise with the server's problem document (RFC 9457) when the call failed."""
    if response.status_code >= 400:
        try:
            problem = response.json()
            issues = "; ".join(f"{'.'.join(map(str, i['path'])) or '(root)'}: {i['message']}" for i in problem.get("issues", []))
            raise RuntimeError(f"{problem['status']} {problem['code']}: {problem['detail']}" + (f" [{issues}]" if issues else ""))
        except ValueError:
            response.raise_for_status()
    return response


def run_named(session: requests.Session, url: str, name: str) -> tuple[pd.DataFrame, dict]:
    """A named pipeline of the server's config, as a DataFrame (from the JSON envelope's rows) and the envelope."""
    envelope = check(session.post(f"{url}/v1/pipelines/{name}/run")).json()
    return pd.DataFrame.from_records(envelope["result"]["rows"]), envelope


def run_inline_ndjson(session: requests.Session, url: str, pipeline: dict) -> tuple[pd.DataFrame, dict]:
    """An inline pipeline streamed as NDJSON (one record per line), read by pandas; stats come as HTTP trailers."""
    response = check(session.post(f"{url}/v1/pipelines/run", json=pipeline, headers={"Accept": "application/x-ndjson"}, stream=True))
    text = response.content.decode("utf-8")
    frame = pd.read_json(io.StringIO(text), lines=True, dtype=False, convert_dates=False) if text.strip() else pd.DataFrame()
    return frame, dict(response.headers)


def run_paged(session: requests.Session, url: str, pipeline: dict, page_size: int) -> pd.DataFrame:
    """An inline pipeline fetched page by page with the cursor (each page is recomputed by the server)."""
    frames, cursor = [], None
    while True:
        params = {"limit": page_size, **({"cursor": cursor} if cursor else {})}
        envelope = check(session.post(f"{url}/v1/pipelines/run", json=pipeline, params=params)).json()
        frames.append(pd.DataFrame.from_records(envelope["result"]["rows"]))
        cursor = envelope["page"]["next"]
        if cursor is None:
            return pd.concat(frames, ignore_index=True)


def records(frame: pd.DataFrame) -> list[dict]:
    """Plain records (NaN → None) for printing or saving as JSON."""
    out = []
    for row in frame.to_dict(orient="records"):
        out.append({k: (None if isinstance(v, float) and math.isnan(v) else (v.item() if hasattr(v, "item") else v)) for k, v in row.items()})
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", default=os.environ.get("DISTILL_URL", "https://127.0.0.1:8443"))
    parser.add_argument("--token", default=os.environ.get("DISTILL_TOKEN"))
    parser.add_argument("--cert", default=os.environ.get("DISTILL_CERT"))
    parser.add_argument("--fingerprint", default=os.environ.get("DISTILL_FINGERPRINT"))
    parser.add_argument("--pipeline", default="event-types", help="a named pipeline of the server (GET /v1/pipelines)")
    parser.add_argument("--page-size", type=int, default=2)
    parser.add_argument("--out", help="write what was computed as JSON to this file")
    args = parser.parse_args(argv)
    if not args.token or not args.cert:
        parser.error("set DISTILL_TOKEN and DISTILL_CERT (or --token and --cert): `distill serve` prints both")
    url = args.url.rstrip("/")
    session = connect(url, args.token, args.cert, args.fingerprint)

    health = check(session.get(f"{url}/v1/health")).json()
    print(f"Distill {health['version']} at {url}: {health['status']}; sources: " + ", ".join(f"{s['id']} ({'up' if s['reachable'] else 'DOWN'})" for s in health["sources"]))

    named, envelope = run_named(session, url, args.pipeline)
    print(f"\n{args.pipeline}: {len(named)} rows from {envelope['stats']['scanned']} documents in {envelope['stats']['tookMs']:.0f} ms")
    print(named.head(10).to_string(index=False))

    per_user = {"steps": [{"op": "count-by", "by": ["user"], "sort": "key"}]}
    inline, headers = run_inline_ndjson(session, url, per_user)
    print(f"\nevents per user (NDJSON, request {headers.get('X-Request-Id')}): {len(inline)} users")
    print(inline.head(10).to_string(index=False))

    paged = run_paged(session, url, per_user, args.page_size)
    assert records(paged) == records(inline), "paging must return the same rows"

    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            json.dump({
                "health": health,
                "named": {"name": args.pipeline, "columns": list(named.columns), "records": records(named)},
                "inline": {"columns": list(inline.columns), "records": records(inline), "dtypes": {c: str(t) for c, t in inline.dtypes.items()}},
                "paged": {"pages": math.ceil(len(paged) / args.page_size), "records": records(paged)},
            }, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
