"""Query parameters an operation does not declare are refused (422), for every endpoint.

FastAPI ignores unknown query parameters. A client that misspells one (``?limt=5``) would
silently get a default it did not ask for, and the published contract would say one thing
while the server accepted another. The server says so instead.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from consent_server.problems import ProblemError


def _query_names(dependant: Dependant) -> set[str]:
    names = {param.alias for param in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


_CACHE_ATTRIBUTE = "_consent_declared_query"


def _declared(route: APIRoute) -> frozenset[str]:
    """Worked out once per route and kept on it (routes are not hashable)."""
    declared: frozenset[str] | None = getattr(route, _CACHE_ATTRIBUTE, None)
    if declared is None:
        declared = frozenset(_query_names(route.dependant))
        setattr(route, _CACHE_ATTRIBUTE, declared)
    return declared


async def refuse_unknown_query_parameters(request: Request) -> None:
    """App-wide dependency: runs before the route's own checks."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute) or not request.query_params:
        return
    unknown = set(request.query_params.keys()) - _declared(route)
    if unknown:
        raise ProblemError(
            422,
            "unknown-query-parameter",
            "The request has a query parameter this operation does not take.",
        )
