"""FastAPI dependencies: the shared context, a database session, the current account."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from consent_server.auth import Authenticated, authenticate
from consent_server.context import ServerContext
from consent_server.db import Database
from consent_server.problems import forbidden, unauthorized
from consent_server.tables import AccountRow


def request_context(request: Request) -> ServerContext:
    """The shared context, straight from the request (no dependency to walk)."""
    context: ServerContext = request.app.state.context
    return context


async def get_context(request: Request) -> ServerContext:
    return request_context(request)


Context = Annotated[ServerContext, Depends(get_context)]


# The dependencies below take the request rather than ``Context``: FastAPI walks every
# sub-dependency of every parameter again on each request (its cache only saves the call),
# so a flat graph is measurably cheaper on the hot path (bench/hot_path.py).
async def get_db(request: Request) -> AsyncIterator[Session]:
    """A session used on the event loop, closed as soon as the endpoint returns.

    Every dependency and endpoint that takes one is ``async def`` with only synchronous
    database work inside, so a transaction never spans an ``await``: the one pooled SQLite
    connection is always free when the next request on the loop asks for it, and there are
    no thread hand-offs on the way. ``scope="function"`` ends the session (rolling back
    anything left open, e.g. after an error) before the response is sent.
    """
    with request_context(request).sessions() as session:
        yield session


Db = Annotated[Session, Depends(get_db, scope="function")]


_bearer = HTTPBearer(auto_error=False, description="An access token from POST /v1/sessions")


def login(ctx: ServerContext, db: Database, token: str | None) -> Authenticated:
    """The login behind a bearer token, checked in ``db``'s transaction; else 401."""
    found = authenticate(db, ctx, token)
    if found is None:
        raise unauthorized()
    return found


def _login(
    ctx: ServerContext, db: Session, credentials: HTTPAuthorizationCredentials | None
) -> Authenticated:
    return login(ctx, db, credentials.credentials if credentials is not None else None)


Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


async def get_authenticated(request: Request, db: Db, credentials: Credentials) -> Authenticated:
    """The caller's login, checked in a transaction of its own.

    For operations that ``await`` something slow (a passphrase hash, another thread) with
    the session open: the check's transaction ends here, so the one pooled SQLite connection
    is not held while they wait.
    """
    try:
        return _login(request_context(request), db, credentials)
    finally:
        # On SQLite an open transaction holds the write lock (transactions begin IMMEDIATE).
        db.commit()


CurrentLogin = Annotated[Authenticated, Depends(get_authenticated)]


async def get_account(login: CurrentLogin) -> AccountRow:
    return login.account


CurrentAccount = Annotated[AccountRow, Depends(get_account)]


async def get_account_in_transaction(
    request: Request, db: Db, credentials: Credentials
) -> AccountRow:
    """The caller's account, checked in the operation's own transaction (one per request).

    Only for operations whose dependencies and body never ``await`` (checked by
    tests/server/test_loop_discipline.py): the transaction then runs from the token check to
    the answer without giving up the event loop, so holding it keeps nobody waiting.
    """
    return _login(request_context(request), db, credentials).account


AccountInTransaction = Annotated[AccountRow, Depends(get_account_in_transaction)]


@dataclass(frozen=True)
class Transaction:
    """A request's session with the caller's account checked in its transaction."""

    request: Request
    ctx: ServerContext
    db: Session
    account: AccountRow


async def get_transaction(request: Request, credentials: Credentials) -> AsyncIterator[Transaction]:
    """``Db`` and ``AccountInTransaction`` as one dependency, for the most frequent operations.

    FastAPI solves every dependency again on each request (its cache saves only the call),
    so the read and write of preferences take this one instead of three. The same rules as
    ``get_account_in_transaction`` apply: the operation never ``await``s once it holds it.
    """
    ctx = request_context(request)
    with ctx.sessions() as db:
        yield Transaction(request, ctx, db, _login(ctx, db, credentials).account)


InTransaction = Annotated[Transaction, Depends(get_transaction, scope="function")]


async def get_staff(account: CurrentAccount) -> AccountRow:
    if account.role != "staff":
        raise forbidden()
    return account


StaffAccount = Annotated[AccountRow, Depends(get_staff)]


def client_address(request: Request) -> str:
    return request.client.host if request.client is not None else "unknown"
