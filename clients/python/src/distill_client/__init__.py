"""Python client of the Distill REST server.

>>> from distill_client import Client                     # doctest: +SKIP
>>> client = Client()         # the certificate and token `distill serve` keeps in the Distill home
>>> client.run("event-types")  # a pandas DataFrame
"""
from .client import Client, DEFAULT_URL
from .errors import (
    ConnectionFailed,
    DistillError,
    InvalidRequest,
    NotFound,
    PinningError,
    ProtocolError,
    ServerError,
    SourceError,
    TruncatedResponse,
    Unauthorized,
)
from ._home import distill_home
from .results import convert_envelope, convert_result, events_frame, graph_from_json, records, table_frame

__version__ = "0.2.0"

__all__ = [
    "Client",
    "DEFAULT_URL",
    "ConnectionFailed",
    "DistillError",
    "InvalidRequest",
    "NotFound",
    "PinningError",
    "ProtocolError",
    "ServerError",
    "SourceError",
    "TruncatedResponse",
    "Unauthorized",
    "convert_envelope",
    "convert_result",
    "distill_home",
    "events_frame",
    "graph_from_json",
    "records",
    "table_frame",
]
