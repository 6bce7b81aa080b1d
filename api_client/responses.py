"""Turning answers into wire models or exceptions; shared by the sync and async clients."""

from __future__ import annotations

import re
from typing import Any, ClassVar, Generic, TypeVar

import httpx
from pydantic import TypeAdapter, ValidationError

from api_client import models
from api_client.errors import (
    ApiResponseValidationError,
    ApiStatusError,
    generic_problem,
    status_error,
)
from api_client.retry import parse_retry_after

T = TypeVar("T")

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_TITLE_MAX = 200
_DETAIL_MAX = 500


class Expect(Generic[T]):
    """What a successful answer holds: a wire model (or list of them), or nothing."""

    # Building a TypeAdapter costs far more than a request to a local server; build each once.
    _adapters: ClassVar[dict[object, TypeAdapter[Any]]] = {}

    def __init__(self, shape: type[T] | None, name: str | None = None) -> None:
        self._adapter: TypeAdapter[T] | None = None
        if shape is not None:
            if shape not in self._adapters:
                self._adapters[shape] = TypeAdapter(shape)
            self._adapter = self._adapters[shape]
        self.name: str = name or str(getattr(shape, "__name__", shape))

    def parse(self, response: httpx.Response) -> T:
        if self._adapter is None:
            return None  # type: ignore[return-value]  # Expect(None) is only used for None
        try:
            return self._adapter.validate_json(response.content)
        except ValidationError as exc:
            # Never the input values: they may be tokens or contact details.
            details = [
                f"{'.'.join(str(part) for part in error['loc']) or '<body>'}: {error['type']}"
                for error in exc.errors(include_url=False, include_input=False)
            ]
        # Raised outside the except block, so the pydantic error (which quotes the input)
        # is not kept as __context__.
        raise ApiResponseValidationError(self.name, details)


NOTHING: Expect[None] = Expect(None, "no content")


def error_from_response(response: httpx.Response) -> ApiStatusError:
    """The typed exception for an error answer, with a cleaned problem document."""
    status = response.status_code
    retry_after = parse_retry_after(response.headers.get("retry-after"))
    return status_error(status, clean_problem(status, response.content), retry_after=retry_after)


def clean_problem(status: int, body: bytes) -> models.Problem:
    """The answer's problem document, reduced to what is safe to carry around.

    Falls back to a generic problem when the body is not problem JSON. Titles and details
    lose control characters (no terminal escapes from a hostile server) and are shortened;
    ``current`` is kept only for 412, the one answer where the app needs it.
    """
    try:
        problem = models.Problem.model_validate_json(body)
    except ValidationError:
        return generic_problem(status)
    return problem.model_copy(
        update={
            "status": status,
            "title": _clean_text(problem.title, _TITLE_MAX) or generic_problem(status).title,
            "detail": _clean_text(problem.detail, _DETAIL_MAX) if problem.detail else None,
            "current": problem.current if status == 412 else None,
        }
    )


def _clean_text(text: str, limit: int) -> str:
    return _CONTROL_CHARACTERS.sub(" ", text).strip()[:limit]
