"""Connecting: the certificate and token from the Distill home, fingerprint pinning, authentication."""
from __future__ import annotations

import socket
from pathlib import Path

import certifi
import pytest

from distill_client import Client, ConnectionFailed, DistillError, PinningError, Unauthorized, distill_home
from conftest import Server


def test_defaults_come_from_the_distill_home(home_env: Server) -> None:
    client = Client(home_env.url)
    assert client.cert == str(home_env.home / "cert.pem")
    assert client.fingerprint == home_env.fingerprint.replace(":", "").lower()
    health = client.health()
    assert health["status"] == "ok"
    assert [s["id"] for s in health["sources"]] == ["sample"]
    assert client.version()["api"] == "v1"


def test_the_printed_fingerprint_pins_the_server(home_env: Server) -> None:
    with Client(home_env.url, fingerprint=home_env.fingerprint) as client:
        assert client.health()["status"] == "ok"


def test_a_wrong_fingerprint_is_refused_before_anything_is_sent(home_env: Server) -> None:
    digits = home_env.fingerprint.replace(":", "")
    wrong = ("0" if digits[0] != "0" else "1") + digits[1:]
    client = Client(home_env.url, fingerprint=wrong)
    before = len(home_env.requests_to("/v1/pipelines"))
    with pytest.raises(PinningError) as caught:
        client.pipelines()
    assert "not the pinned one" in str(caught.value)
    assert "ingerprints did not match" in str(caught.value)
    # The TLS handshake failed, so no request (and no token) reached the server.
    health = client_health_after(home_env)
    assert health == "ok"
    assert home_env.settled_requests_to("/v1/pipelines", before) == before


def client_health_after(server: Server) -> str:
    with Client(server.url) as ok:
        return str(ok.health()["status"])


def test_a_certificate_that_is_not_the_servers_is_refused(home_env: Server, tmp_path: Path) -> None:
    pem = Path(certifi.where()).read_text(encoding="ascii")
    first = pem[pem.index("-----BEGIN CERTIFICATE-----"): pem.index("-----END CERTIFICATE-----") + len("-----END CERTIFICATE-----")]
    other = tmp_path / "other.pem"
    other.write_text(first + "\n", encoding="ascii")
    with pytest.raises(PinningError):
        Client(home_env.url, cert=other).health()


def test_token_from_the_environment_wins_and_a_wrong_one_is_a_typed_401(home_env: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISTILL_TOKEN", "not-the-token-0123456789")
    client = Client(home_env.url)
    assert client.health()["status"] == "ok"  # health needs no token
    with pytest.raises(Unauthorized) as caught:
        client.sources()
    error = caught.value
    assert (error.status, error.code, error.type, error.title) == (401, "unauthorized", "https://distill.dev/problems/unauthorized", "Unauthorized")
    assert error.issues == [{"code": "invalid_token", "path": ["headers", "authorization"], "message": 'Send "Authorization: Bearer <token>".'}]
    assert error.request_id is not None and len(error.request_id) > 0


def test_no_token_anywhere_is_an_error_before_connecting(home_env: Server, tmp_path: Path) -> None:
    with pytest.raises(DistillError, match="No token"):
        Client(home_env.url, home=tmp_path, cert=home_env.home / "cert.pem")


def test_no_certificate_is_an_error_naming_where_it_looked(tmp_path: Path) -> None:
    with pytest.raises(DistillError, match=f"No server certificate at {tmp_path / 'cert.pem'}"):
        Client("https://127.0.0.1:1", home=tmp_path, token="x" * 20)


def test_plain_http_is_refused(home_env: Server) -> None:
    with pytest.raises(DistillError, match="HTTPS only"):
        Client(f"http://127.0.0.1:{home_env.port}")


def test_nothing_listening_is_connection_failed(home_env: Server) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        free = s.getsockname()[1]
    with pytest.raises(ConnectionFailed, match=f"Could not connect to https://127.0.0.1:{free}"):
        Client(f"https://127.0.0.1:{free}").health()


@pytest.mark.parametrize(
    "env, platform, expected",
    [
        ({"DISTILL_HOME": "/srv/d"}, "linux", "/srv/d"),
        ({}, "linux", "/home/ana/.config/distill"),
        ({"XDG_CONFIG_HOME": "/x/cfg"}, "linux", "/x/cfg/distill"),
        ({"XDG_CONFIG_HOME": "relative"}, "linux", "/home/ana/.config/distill"),
        ({}, "darwin", "/home/ana/Library/Application Support/Distill"),
        ({"APPDATA": "/c/Roaming"}, "win32", "/c/Roaming/Distill"),
        ({}, "win32", "/home/ana/AppData/Roaming/Distill"),
    ],
)
def test_distill_home_follows_the_servers_rules(env: dict, platform: str, expected: str) -> None:
    assert str(distill_home(env, platform, "/home/ana")) == expected
