"""TLS to one server only: trust exactly its certificate, verify strictly, and require its SHA-256 fingerprint."""
from __future__ import annotations

import hashlib
import ssl
from typing import Any, Optional

from requests.adapters import HTTPAdapter


def normalize_fingerprint(fingerprint: str) -> str:
    """``AB:CD:…`` or ``abcd…`` → 64 lowercase hex digits.

    >>> normalize_fingerprint("AB:" * 31 + "CD")[-4:]
    'abcd'
    """
    digits = fingerprint.replace(":", "").replace(" ", "").lower()
    if len(digits) != 64 or any(c not in "0123456789abcdef" for c in digits):
        raise ValueError(f"A SHA-256 fingerprint is 32 bytes in hex (64 digits, colons allowed), got {fingerprint!r}")
    return digits


def pem_fingerprint(pem: str) -> str:
    """SHA-256 of a PEM certificate's DER bytes, as 64 lowercase hex digits (what `distill serve` prints, without colons)."""
    der = ssl.PEM_cert_to_DER_cert(pem)
    return hashlib.sha256(der).hexdigest()


class PinnedAdapter(HTTPAdapter):
    """A requests adapter whose connections trust only ``cafile``, check X.509 strictly (OpenSSL's X509_STRICT, on by
    default from Python 3.13) and refuse any certificate whose SHA-256 differs from ``fingerprint``."""

    def __init__(self, cafile: str, fingerprint: Optional[str], **kwargs: Any) -> None:
        self._cafile = cafile
        self._fingerprint = normalize_fingerprint(fingerprint) if fingerprint else None
        super().__init__(**kwargs)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        context = ssl.create_default_context(cafile=self._cafile)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.verify_flags |= getattr(ssl, "VERIFY_X509_STRICT", 0)
        kwargs["ssl_context"] = context
        if self._fingerprint is not None:
            kwargs["assert_fingerprint"] = self._fingerprint
        super().init_poolmanager(*args, **kwargs)
