"""POST /v1/registrations: turn an activation code into an account."""

from __future__ import annotations

from fastapi import Request
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool

from consent_common import activation_code
from consent_common.models import Account, RegistrationRequest, Role
from consent_server import operations
from consent_server.access import log_access
from consent_server.auth import account_model
from consent_server.context import ServerContext
from consent_server.deps import Context, client_address
from consent_server.passwords import is_too_common
from consent_server.problems import ProblemError, field_problem
from consent_server.routers.common import ContractRouter
from consent_server.tables import AccountRow, ActivationCodeRow, SubjectRow
from consent_server.tokens import code_hash

router = ContractRouter()


def invalid_code() -> ProblemError:
    """One answer for unknown, used and expired codes, so codes cannot be probed."""
    return ProblemError(400, "invalid-activation-code", "This activation code cannot be used.")


# Up to this many seconds a client may wait and retry by itself; beyond it the answer says
# not to (``x-should-retry: false``): a person should decide, not a retry loop.
SHORT_WAIT_SECONDS = 10


def too_many(retry_after: int) -> ProblemError:
    headers = {"Retry-After": str(retry_after)}
    if retry_after > SHORT_WAIT_SECONDS:
        headers["x-should-retry"] = "false"
    return ProblemError(
        429,
        "too-many-attempts",
        "Too many attempts. Wait a moment and try again.",
        headers=headers,
    )


def _register(ctx: ServerContext, body: RegistrationRequest, passphrase_hash: str) -> AccountRow:
    now = ctx.now()
    with ctx.sessions() as db:
        code = db.scalars(
            select(ActivationCodeRow).where(
                ActivationCodeRow.code_hash == code_hash(body.activation_code)
            )
        ).first()
        if code is None or code.used_at is not None or code.expires_at <= now:
            raise invalid_code()
        subject = db.get(SubjectRow, code.subject_id)
        if subject is None or (code.role == Role.victim.value and subject.account_id is not None):
            raise invalid_code()
        account = AccountRow.new(body.username, passphrase_hash, code.role, now)
        db.add(account)
        try:
            db.flush()
        except IntegrityError:
            db.rollback()
            raise ProblemError(409, "username-taken", "This username is taken.") from None
        if not code.claim(db, now, account.id):
            db.rollback()
            raise invalid_code()
        if code.role == Role.victim.value:
            subject.account_id = account.id
        log_access(db, ctx, subject.id, account, "account.register")
        db.commit()
        return account


@router.operation(operations.REGISTER)
async def register(body: RegistrationRequest, request: Request, ctx: Context) -> Account:
    client = client_address(request)
    wait = ctx.limits.registrations_client.retry_after(client)
    if wait is not None:
        raise too_many(wait)
    ctx.limits.registrations_client.record(client)
    if not activation_code.is_well_formed(body.activation_code):
        raise invalid_code()
    if is_too_common(body.passphrase, body.username):
        raise field_problem(
            "passphrase-too-common", ["body", "passphrase"], "This passphrase is too common."
        )
    # Hash before looking the code up, so a valid and an invalid code take the same time.
    passphrase_hash = await ctx.hasher.hash(body.passphrase)
    account = await run_in_threadpool(_register, ctx, body, passphrase_hash)
    return account_model(account)
