"""Typed exceptions: one per problem `code` family of the server (RFC 9457 problem documents), plus connection ones."""
from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional, Type


class DistillError(Exception):
    """Base of every error this client raises. For server errors, the problem document's fields are attributes:
    ``status``, ``code`` (stable snake_case, e.g. ``invalid_pipeline``), ``type`` (a URI), ``title``, ``detail``,
    ``issues`` (``[{code, path, message}]``, paths into your request) and ``request_id``."""

    def __init__(self, message: str, *, status: Optional[int] = None, code: Optional[str] = None, problem: Optional[Mapping[str, Any]] = None) -> None:
        super().__init__(message)
        self.problem: Dict[str, Any] = dict(problem) if problem is not None else {}
        self.status = status
        self.code = code
        self.type: Optional[str] = self.problem.get("type")
        self.title: Optional[str] = self.problem.get("title")
        self.detail: Optional[str] = self.problem.get("detail")
        self.issues: List[Dict[str, Any]] = list(self.problem.get("issues", []))
        self.request_id: Optional[str] = self.problem.get("requestId")


class PinningError(DistillError):
    """The server's certificate is not the pinned one (wrong fingerprint, or it does not verify against the pinned
    certificate file). Nothing was sent: not even the token."""


class ConnectionFailed(DistillError):
    """The server could not be reached (not running, wrong port)."""


class TruncatedResponse(DistillError):
    """The server cut a streamed response: it failed after the first records were sent (its log has the cause).
    What arrived is incomplete and was discarded."""


class ProtocolError(DistillError):
    """The server answered something this client does not understand (a newer server, or not Distill)."""


class Unauthorized(DistillError):
    """401 ``unauthorized``: no token or the wrong one."""


class NotFound(DistillError):
    """404: ``not_found`` (route or named pipeline), ``source_not_found``, ``unknown_operator``."""


class InvalidRequest(DistillError):
    """400/422: ``invalid_argument``, ``invalid_query``, ``invalid_pipeline``, ``invalid_params``, ``malformed_input``,
    ``not_acceptable``, ``payload_too_large``, ``method_not_allowed``. See ``issues`` for where."""


class SourceError(DistillError):
    """The server's source failed: ``source_unavailable``, ``auth_failed``, ``tls_failed``, ``timeout``, ``unsupported``."""


class ServerError(DistillError):
    """5xx ``internal``, ``invalid_config``, ``invalid_plugin``, ``aborted``: the server's side (its log has details)."""


_BY_CODE: Dict[str, Type[DistillError]] = {
    "unauthorized": Unauthorized,
    "not_found": NotFound,
    "source_not_found": NotFound,
    "unknown_operator": NotFound,
    "invalid_argument": InvalidRequest,
    "invalid_query": InvalidRequest,
    "invalid_pipeline": InvalidRequest,
    "invalid_params": InvalidRequest,
    "malformed_input": InvalidRequest,
    "not_acceptable": InvalidRequest,
    "payload_too_large": InvalidRequest,
    "method_not_allowed": InvalidRequest,
    "source_unavailable": SourceError,
    "auth_failed": SourceError,
    "tls_failed": SourceError,
    "timeout": SourceError,
    "unsupported": SourceError,
    "internal": ServerError,
    "invalid_config": ServerError,
    "invalid_plugin": ServerError,
    "aborted": ServerError,
}


def error_class(code: Optional[str], status: int) -> Type[DistillError]:
    """The exception class of a problem ``code`` (by HTTP status for codes this client does not know)."""
    if code is not None and code in _BY_CODE:
        return _BY_CODE[code]
    if status == 401:
        return Unauthorized
    if status == 404:
        return NotFound
    if 400 <= status < 500:
        return InvalidRequest
    return ServerError


def from_problem(status: int, problem: Mapping[str, Any]) -> DistillError:
    """The typed exception for a problem document (RFC 9457)."""
    code = problem.get("code")
    issues = problem.get("issues", [])
    where = "; ".join(f"{'.'.join(map(str, i.get('path', []))) or '(root)'}: {i.get('message', '')}" for i in issues)
    message = f"{status} {code}: {problem.get('detail', problem.get('title', ''))}" + (f" [{where}]" if where else "")
    return error_class(code if isinstance(code, str) else None, status)(message, status=status, code=code if isinstance(code, str) else None, problem=problem)
