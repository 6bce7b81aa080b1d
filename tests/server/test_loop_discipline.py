"""Every operation that uses the database session runs on the event loop, with no thread hop.

The session (``deps.get_db``) is used on the event loop and relies on this: a synchronous
dependency or endpoint would run in a worker thread, and the loop would resume the request
only later, with the transaction (and the one pooled SQLite connection) still held while
other requests on the loop wait for it. A new ``def`` endpoint that takes ``Db`` fails here.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator, Sequence

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute

from consent_server.deps import get_db


def _calls(dependant: Dependant) -> Iterator[object]:
    if dependant.call is not None:
        yield dependant.call
    for sub in dependant.dependencies:
        yield from _calls(sub)


def _api_routes(routes: Sequence[BaseRoute]) -> Iterator[APIRoute]:
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        # Included routers are wrapped; their routes are those of the original router.
        inner = getattr(getattr(route, "original_router", route), "routes", None)
        if inner is not None and not isinstance(route, APIRoute):
            yield from _api_routes(inner)


def _runs_on_the_loop(call: object) -> bool:
    if inspect.iscoroutinefunction(call) or inspect.isasyncgenfunction(call):
        return True
    # Security helpers such as HTTPBearer are objects with an async __call__.
    return not inspect.isroutine(call) and inspect.iscoroutinefunction(
        getattr(call, "__call__", None)  # noqa: B004 - the method, not callable()
    )


def test_operations_with_the_database_session_have_no_synchronous_step(
    server_app: FastAPI,
) -> None:
    checked = 0
    for route in _api_routes(server_app.routes):
        calls = list(_calls(route.dependant))
        if get_db not in calls:
            continue
        checked += 1
        threaded = [getattr(c, "__name__", repr(c)) for c in calls if not _runs_on_the_loop(c)]
        assert threaded == [], f"{route.methods} {route.path}"
    assert checked > 20  # the check really saw the operations
