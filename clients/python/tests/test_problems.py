"""The server's problem documents (RFC 9457) as typed exceptions."""
from __future__ import annotations

import pytest

from distill_client import Client, DistillError, InvalidRequest, NotFound, ServerError, SourceError, Unauthorized
from distill_client.errors import from_problem


def test_an_invalid_pipeline_names_the_offending_path(client: Client) -> None:
    with pytest.raises(InvalidRequest) as caught:
        client.run({"steps": [{"op": "count-by", "by": 3}]})
    error = caught.value
    assert (error.status, error.code, error.type) == (422, "invalid_pipeline", "https://distill.dev/problems/invalid_pipeline")
    assert [i["path"] for i in error.issues] == [["steps", 0, "by"]]
    assert "steps.0.by" in str(error)
    assert error.problem["instance"] == f"urn:distill:request:{error.request_id}"


def test_an_invalid_query_is_invalid_request(client: Client) -> None:
    with pytest.raises(InvalidRequest) as caught:
        client.query({"where": {"field": "type", "op": "nope", "value": 1}})
    assert caught.value.code == "invalid_pipeline"  # /v1/query validates its body as a pipeline
    assert caught.value.issues[0]["path"][:3] == ["query", "where", "op"]


def test_unknown_names_are_not_found_with_their_codes(client: Client) -> None:
    with pytest.raises(NotFound) as pipeline:
        client.run("no-such-pipeline")
    assert (pipeline.value.status, pipeline.value.code) == (404, "not_found")
    with pytest.raises(NotFound) as operator:
        client.operator("no-such-op")
    assert operator.value.code == "unknown_operator"
    with pytest.raises(NotFound) as source:
        client.run("event-types", source="/etc")
    assert source.value.code == "source_not_found"
    assert source.value.issues[0]["path"] == ["source"]


def test_a_bad_page_size_is_invalid_argument_on_the_query_string(client: Client) -> None:
    with pytest.raises(InvalidRequest) as caught:
        list(client.events(page_size=0))
    assert caught.value.code == "invalid_argument"
    assert caught.value.issues[0]["path"] == ["query", "limit"]


def test_problem_codes_map_to_classes_and_unknown_codes_fall_back_by_status() -> None:
    assert type(from_problem(503, {"code": "source_unavailable", "detail": "down"})) is SourceError
    assert type(from_problem(500, {"code": "internal"})) is ServerError
    assert type(from_problem(401, {"code": "unauthorized"})) is Unauthorized
    assert type(from_problem(418, {"code": "a_new_code"})) is InvalidRequest
    assert type(from_problem(599, {"code": "another"})) is ServerError
    error = from_problem(422, {"code": "invalid_params", "detail": "Bad.", "issues": [{"path": [], "message": "at root"}]})
    assert str(error) == "422 invalid_params: Bad. [(root): at root]"
    assert isinstance(error, DistillError)
