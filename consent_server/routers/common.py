"""How a router declares an operation: its success answer and its problem types, in one call.

Each operation states its success status once (it is both the status FastAPI answers with
and the one the contract documents) and only its own problem types; ``contract.problems``
adds those every operation shares.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, Literal

from fastapi import APIRouter
from fastapi.types import DecoratedCallable

from consent_common.models import Problem
from consent_server import contract
from consent_server.problems import PROBLEM_MEDIA_TYPE

Method = Literal["GET", "POST", "PUT", "PATCH", "DELETE"]
ProblemTypes = Mapping[int, tuple[str, ...]]

NO_PROBLEMS: ProblemTypes = MappingProxyType({})

# An operation on one record: 404 for a record the caller may not see, 403 when they may see
# it but not do this (``require_relation``, or ``require_subject`` beyond viewing) ...
RECORD_PROBLEMS: ProblemTypes = MappingProxyType(
    {403: ("permission-denied",), 404: ("subject-not-found",)}
)
# ... only the 404 where viewing is all the operation asks (``require_subject(..., view)``:
# who may not view gets the 404, and nothing beyond viewing is checked) ...
VIEW_PROBLEMS: ProblemTypes = MappingProxyType({404: ("subject-not-found",)})
# ... and as declared where the 403 is the generic one (``StaffAccount``: staff only).
FORBIDDEN_RECORD_PROBLEMS: ProblemTypes = MappingProxyType(
    {403: ("forbidden",), 404: ("subject-not-found",)}
)


# Any 4xx not declared by the operation itself: still a problem document.
PROBLEM_RESPONSES: contract.Responses = {
    "4XX": {"model": Problem, "content": {PROBLEM_MEDIA_TYPE: {}}, "description": "Problem"},
}


class ContractRouter(APIRouter):
    """An ``APIRouter`` whose operations answer problems as ``application/problem+json``."""

    def __init__(self, tag: str) -> None:
        super().__init__(tags=[tag], responses=PROBLEM_RESPONSES)

    def operation(
        self,
        method: Method,
        path: str,
        *,
        operation_id: str,
        summary: str,
        ok: tuple[int, str],
        problems: ProblemTypes = NO_PROBLEMS,
        body: bool = True,
        authenticated: bool = True,
        headers: dict[str, Any] | None = None,
        links: dict[str, Any] | None = None,
        **route: Any,
    ) -> Callable[[DecoratedCallable], DecoratedCallable]:
        """Register an operation.

        ``ok`` is the success status and its description; ``problems`` the operation's own
        problem types by status. ``body`` says whether it reads a request body (a GET never
        does), and so may answer 415; ``authenticated`` whether it needs a login (401).
        ``headers`` and ``links`` belong to the success answer; anything else goes to
        FastAPI's route as it is.
        """
        status, description = ok
        extra = {
            name: value
            for name, value in (("headers", headers), ("links", links))
            if value is not None
        }
        reads_body = body and method != "GET"
        return self.api_route(
            path,
            methods=[method],
            status_code=None if status == 200 else status,
            operation_id=operation_id,
            summary=summary,
            responses={
                **contract.ok(status, description, **extra),
                **contract.problems(problems, authenticated=authenticated, body=reads_body),
            },
            **route,
        )
