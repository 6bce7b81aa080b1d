"""Logging in, refreshing and logging out."""

from __future__ import annotations

from fastapi import Request, Response, status

from consent_common.models import RefreshRequest, Session, SessionRequest
from consent_server import operations
from consent_server.admin import find_account
from consent_server.auth import refresh_session, revoke_family, start_session
from consent_server.context import ServerContext
from consent_server.deps import Context, CurrentLogin, Db, client_address
from consent_server.passwords import needs_rehash
from consent_server.problems import ProblemError
from consent_server.routers.common import ContractRouter
from consent_server.routers.registrations import too_many
from consent_server.tables import AccountRow

router = ContractRouter()


def invalid_credentials() -> ProblemError:
    """Identical for an unknown username and a wrong passphrase."""
    return ProblemError(401, "invalid-credentials", "The username or passphrase is not right.")


def _lookup(ctx: ServerContext, username: str) -> AccountRow | None:
    with ctx.sessions() as db:
        return find_account(db, username)


def _login(ctx: ServerContext, account: AccountRow, new_hash: str | None) -> Session:
    with ctx.sessions() as db:
        fresh = db.get(AccountRow, account.id)
        if fresh is None:
            raise invalid_credentials()
        if new_hash is not None:
            fresh.passphrase_hash = new_hash
        return start_session(db, ctx, fresh)


@router.operation(operations.LOG_IN)
async def log_in(body: SessionRequest, request: Request, ctx: Context) -> Session:
    client = client_address(request)
    username_key = body.username.lower()
    # A valid device token swaps the per-address and per-account limits for its own.
    device = ctx.device_tokens.verify(body.device_token, username_key)
    if device is not None:
        wait = ctx.limits.device_login_retry_after(device)
    else:
        wait = ctx.limits.login_retry_after(username_key, client)
    if wait is not None:
        raise too_many(wait)
    if device is None:
        ctx.limits.record_login_attempt(client)
    # Short database work runs on the event loop (see deps.get_db); only hashing is threaded.
    account = _lookup(ctx, body.username)
    stored = account.passphrase_hash if account is not None else None
    # Always verify (against a dummy hash for an unknown user), so both cost the same time.
    verified = await ctx.hasher.verify(stored, body.passphrase)
    if account is None or not verified:
        if device is not None:
            ctx.limits.record_device_login_failure(device)
        else:
            ctx.limits.record_login_failure(username_key, client)
        raise invalid_credentials()
    ctx.limits.record_login_success(username_key, client)
    if device is not None:
        ctx.limits.record_device_login_success(device)
    new_hash = None
    if needs_rehash(account.passphrase_hash):
        new_hash = await ctx.hasher.hash(body.passphrase)
    session = _login(ctx, account, new_hash)
    return session.model_copy(update={"device_token": ctx.device_tokens.issue(username_key)})


@router.operation(operations.REFRESH_SESSION)
async def refresh(body: RefreshRequest, ctx: Context, db: Db) -> Session:
    session = refresh_session(db, ctx, body.refresh_token)
    if session is None:
        raise ProblemError(401, "invalid-refresh-token", "Log in again.")
    return session


@router.operation(operations.LOG_OUT)
async def log_out(login: CurrentLogin, ctx: Context, db: Db) -> Response:
    revoke_family(db, ctx, login.family_id, "logout")
    db.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
