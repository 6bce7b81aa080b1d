"""FastAPI dependencies: the shared context, a database session, the current account."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from consent_server.auth import Authenticated, authenticate
from consent_server.context import ServerContext
from consent_server.problems import forbidden, unauthorized
from consent_server.tables import AccountRow


async def get_context(request: Request) -> ServerContext:
    context: ServerContext = request.app.state.context
    return context


Context = Annotated[ServerContext, Depends(get_context)]


async def get_db(ctx: Context) -> AsyncIterator[Session]:
    """A session used on the event loop, closed as soon as the endpoint returns.

    Every dependency and endpoint that takes one is ``async def`` with only synchronous
    database work inside, so a transaction never spans an ``await``: the one pooled SQLite
    connection is always free when the next request on the loop asks for it, and there are
    no thread hand-offs on the way. ``scope="function"`` ends the session (rolling back
    anything left open, e.g. after an error) before the response is sent.
    """
    with ctx.sessions() as session:
        yield session


Db = Annotated[Session, Depends(get_db, scope="function")]


_bearer = HTTPBearer(auto_error=False, description="An access token from POST /v1/sessions")


async def get_authenticated(
    ctx: Context,
    db: Db,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Authenticated:
    if credentials is None or not 16 <= len(credentials.credentials) <= 200:
        raise unauthorized()
    found = authenticate(db, ctx, credentials.credentials)
    # End the read transaction now: on SQLite an open transaction holds the write lock.
    db.commit()
    if found is None:
        raise unauthorized()
    return found


CurrentLogin = Annotated[Authenticated, Depends(get_authenticated)]


async def get_account(login: CurrentLogin) -> AccountRow:
    return login.account


CurrentAccount = Annotated[AccountRow, Depends(get_account)]


async def get_staff(account: CurrentAccount) -> AccountRow:
    if account.role != "staff":
        raise forbidden()
    return account


StaffAccount = Annotated[AccountRow, Depends(get_staff)]


def client_address(request: Request) -> str:
    return request.client.host if request.client is not None else "unknown"
