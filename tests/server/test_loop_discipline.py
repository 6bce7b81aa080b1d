"""Every operation that uses the database session runs on the event loop, with no thread hop.

The session (``deps.get_db``) is used on the event loop and relies on this: a synchronous
dependency or endpoint would run in a worker thread, and the loop would resume the request
only later, with the transaction (and the one pooled SQLite connection) still held while
other requests on the loop wait for it. A new ``def`` endpoint that takes ``Db`` fails here.
So does an operation that checks the token in its own transaction (``AccountInTransaction``,
or ``InTransaction``, which also opens the session) and then ``await``s.
"""

from __future__ import annotations

import ast
import asyncio
import contextlib
import inspect
import textwrap
from collections.abc import Iterator, Sequence

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute

from consent_server.deps import (
    AccountInTransaction,
    InTransaction,
    get_account_in_transaction,
    get_db,
    get_transaction,
)
from consent_server.routers.preferences import PreferenceRoute

# The dependencies that open the request's session, and those that check the token in it.
_SESSIONS = (get_db, get_transaction)
_LOGINS_IN_TRANSACTION = (get_account_in_transaction, get_transaction)


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
        if not any(opens in calls for opens in _SESSIONS):
            continue
        checked += 1
        threaded = [getattr(c, "__name__", repr(c)) for c in calls if not _runs_on_the_loop(c)]
        assert threaded == [], f"{route.methods} {route.path}"
    assert checked > 20  # the check really saw the operations


def _solved_in_order(dependant: Dependant) -> Iterator[object]:
    """The calls in the order FastAPI makes them: sub-dependencies first, the endpoint last."""
    for sub in dependant.dependencies:
        yield from _solved_in_order(sub)
    if dependant.call is not None:
        yield dependant.call


def _awaits(call: object) -> bool:
    function = getattr(call, "__func__", call)
    if not inspect.isfunction(function):
        return False  # framework objects (HTTPBearer) run before the login: see below
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    return any(
        isinstance(node, ast.Await | ast.AsyncFor | ast.AsyncWith) for node in ast.walk(tree)
    )


def awaiting_after_login_in_transaction(app: FastAPI) -> list[str]:
    """Operations that ``await`` once a login in the transaction opened it.

    That login keeps its transaction (and on SQLite the one pooled connection) to the end
    of the operation; a real wait after it would keep every other request waiting too.
    """
    found = []
    for route in _api_routes(app.routes):
        calls = list(_solved_in_order(route.dependant))
        logins = [i for i, call in enumerate(calls) if call in _LOGINS_IN_TRANSACTION]
        if not logins:
            continue
        after = calls[logins[0] + 1 :]
        found += [f"{route.path} {getattr(c, '__name__', c)}" for c in after if _awaits(c)]
    return found


def test_operations_that_check_the_token_in_their_transaction_never_await(
    server_app: FastAPI,
) -> None:
    assert awaiting_after_login_in_transaction(server_app) == []


def test_the_await_check_finds_an_await_after_the_login() -> None:
    app = FastAPI()

    @app.get("/waits")
    async def waits(account: AccountInTransaction) -> None:
        await asyncio.sleep(0)

    @app.get("/does-not-wait")
    async def does_not_wait(account: AccountInTransaction) -> None:
        return None

    @app.get("/waits-too")
    async def waits_too(checked: InTransaction) -> None:
        await asyncio.sleep(0)

    assert awaiting_after_login_in_transaction(app) == ["/waits waits", "/waits-too waits_too"]


def awaits_in_a_with_block(handler: object) -> bool:
    """Whether ``handler`` awaits inside a ``with`` block (where it holds its connection)."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(handler)))  # type: ignore[arg-type]
    blocks = [node for node in ast.walk(tree) if isinstance(node, ast.With)]
    return any(
        isinstance(inner, ast.Await | ast.AsyncFor | ast.AsyncWith)
        for block in blocks
        for inner in ast.walk(block)
    )


def test_fast_handlers_never_await_with_their_connection_open() -> None:
    """The fast path (consent_server.fast_path) opens its connection in a ``with`` block."""
    handlers = list(PreferenceRoute.fast_handlers.values())
    assert len(handlers) == 2
    assert [h.__name__ for h in handlers if awaits_in_a_with_block(h)] == []


async def _reads_then_waits() -> None:
    with contextlib.nullcontext():
        await asyncio.sleep(0)


async def _waits_then_reads() -> None:
    await asyncio.sleep(0)
    with contextlib.nullcontext():
        pass


def test_the_fast_handler_check_finds_an_await_in_a_with_block() -> None:
    assert awaits_in_a_with_block(_reads_then_waits)
    assert not awaits_in_a_with_block(_waits_then_reads)
