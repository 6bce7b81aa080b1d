"""How a router routes an operation of the contract table (``consent_server/operations/``).

A handler declares itself with ``@router.operation(operations.READ_SUBJECT)``: its method,
path, operationId, tag, success answer and problem types all come from that one entry, and
``contract.problems`` adds the problem types every operation shares.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter
from fastapi.types import DecoratedCallable

from consent_common.models import Problem
from consent_server import contract
from consent_server.operations import Operation
from consent_server.problems import PROBLEM_MEDIA_TYPE

# Any 4xx not declared by the operation itself: still a problem document.
PROBLEM_RESPONSES: contract.Responses = {
    "4XX": {"model": Problem, "content": {PROBLEM_MEDIA_TYPE: {}}, "description": "Problem"},
}


def route_arguments(declared: Operation) -> dict[str, Any]:
    """What FastAPI's ``api_route`` is given for ``declared``: its part of the contract."""
    status, description = declared.ok
    success = {
        name: value
        for name, value in (("headers", declared.headers), ("links", declared.links))
        if value is not None
    }
    responses = contract.ok(status, description, **success)
    if declared.problems is not None:
        reads_body = declared.body and declared.method != "GET"
        problems = contract.problems(
            declared.problems, authenticated=declared.authenticated, body=reads_body
        )
        responses = {**PROBLEM_RESPONSES, **responses, **problems}
    extra = {"parameters": list(declared.request_headers)} if declared.request_headers else None
    return {
        "path": declared.path,
        "methods": [declared.method],
        "status_code": None if status == 200 else status,
        "operation_id": declared.operation_id,
        "tags": [declared.tag],
        "summary": declared.summary,
        "description": declared.description,
        "responses": responses,
        "openapi_extra": extra,
    }


class ContractRouter(APIRouter):
    """An ``APIRouter`` whose routes are entries of the contract table.

    Problems are answered as ``application/problem+json``; what else a route is given
    (``response_model`` where the handler answers with a ``Response``) goes to FastAPI as
    it is.
    """

    def operation(
        self, declared: Operation, **route: Any
    ) -> Callable[[DecoratedCallable], DecoratedCallable]:
        """Route the table entry ``declared``."""
        return self.api_route(**route_arguments(declared), **route)
