"""Answers become typed exceptions carrying a cleaned problem document."""

from __future__ import annotations

import uuid

import httpx
import pytest

from api_client import errors, models
from api_client.responses import clean_problem, error_from_response
from tests.support.scripted_server import preferences_json, problem

STATUS_CLASSES = [
    (400, errors.BadRequestError),
    (401, errors.AuthenticationError),
    (403, errors.PermissionDeniedError),
    (404, errors.NotFoundError),
    (409, errors.ConflictError),
    (412, errors.PreconditionFailedError),
    (422, errors.UnprocessableError),
    (428, errors.PreconditionRequiredError),
    (429, errors.RateLimitedError),
    (500, errors.ServerError),
    (502, errors.ServerError),
    (503, errors.ServerError),
    (504, errors.ServerError),
    (405, errors.ApiStatusError),
    (408, errors.ApiStatusError),
]


@pytest.mark.parametrize(("status", "expected"), STATUS_CLASSES)
def test_each_status_maps_to_its_exception(status: int, expected: type) -> None:
    error = error_from_response(problem(status, "some-problem", "Some problem"))
    assert type(error) is expected
    assert isinstance(error, errors.ApiStatusError)
    assert isinstance(error, errors.ApiError)
    assert error.status == status
    assert error.problem.title == "Some problem"
    assert error.code == "some-problem"
    assert str(error) == f"{status} Some problem (some-problem)"


def test_the_tree_of_connection_errors() -> None:
    assert issubclass(errors.ApiTimeoutError, errors.ApiConnectionError)
    assert issubclass(errors.ApiConnectionError, errors.ApiError)
    assert issubclass(errors.InsecureTransportError, errors.ApiError)
    assert issubclass(errors.RedirectRefusedError, errors.ApiError)


@pytest.mark.parametrize(
    "body",
    [b"", b"<html>Bad gateway</html>", b"[1, 2]", b'{"detail": "no title"}', b"\xff\xfe"],
)
def test_a_body_that_is_not_problem_json_gives_a_generic_problem(body: bytes) -> None:
    error = error_from_response(httpx.Response(502, content=body))
    assert isinstance(error, errors.ServerError)
    assert error.problem == models.Problem(title="Bad Gateway", status=502)
    assert error.code is None
    assert str(error) == "502 Bad Gateway"


def test_an_unknown_status_still_gets_a_title() -> None:
    assert clean_problem(599, b"").title == "Server error"
    assert clean_problem(499, b"").title == "Request failed"


def test_the_problem_status_follows_the_answer_not_the_body() -> None:
    response = httpx.Response(404, json={"title": "Not found", "status": 200})
    assert error_from_response(response).problem.status == 404


def test_titles_and_details_lose_terminal_escapes_and_are_shortened() -> None:
    response = problem(400, "x", title="Bad\x1b[2J\x07 request", detail="d" * 5000 + "\x1b]0;")
    cleaned = error_from_response(response).problem
    assert "\x1b" not in cleaned.title and "\x07" not in cleaned.title
    assert cleaned.detail is not None and len(cleaned.detail) == 500
    assert "\x1b" not in cleaned.detail


def test_field_errors_are_kept() -> None:
    response = problem(422, "validation", errors=[{"loc": ["body", "username"], "code": "pattern"}])
    error = error_from_response(response)
    assert isinstance(error, errors.UnprocessableError)
    assert error.problem.errors == [models.FieldError(loc=["body", "username"], code="pattern")]


def test_precondition_failed_carries_the_current_preferences() -> None:
    subject_id = uuid.uuid4()
    response = problem(412, "stale", current=preferences_json(subject_id, version=4, inform="no"))
    error = error_from_response(response)
    assert isinstance(error, errors.PreconditionFailedError)
    assert error.current is not None
    assert error.current.version == 4
    assert error.current.inform is models.Inform.no


def test_current_preferences_are_dropped_from_other_answers() -> None:
    response = problem(409, "conflict", current=preferences_json(uuid.uuid4()))
    assert error_from_response(response).problem.current is None


@pytest.mark.parametrize(("header", "seconds"), [("30", 30.0), (None, None), ("never", None)])
def test_rate_limited_carries_retry_after(header: str | None, seconds: float | None) -> None:
    response = problem(429, "rate-limited", "Too many attempts")
    if header is not None:
        response.headers["retry-after"] = header
    error = error_from_response(response)
    assert isinstance(error, errors.RateLimitedError)
    assert error.retry_after == seconds
