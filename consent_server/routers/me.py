"""The caller's own account: who am I, change passphrase, delete account."""

from __future__ import annotations

import uuid

from fastapi import Request, Response, status
from sqlalchemy import ColumnElement, delete, select
from starlette.concurrency import run_in_threadpool

from consent_common.models import AccountDeletion, Me, PassphraseChange, PreferenceWrite
from consent_server import operations
from consent_server.access import SubjectGrant, log_access, subjects_for
from consent_server.auth import Authenticated, account_model, revoke_other_sessions
from consent_server.context import ServerContext
from consent_server.deps import Context, CurrentLogin, Db, client_address
from consent_server.passwords import is_too_common
from consent_server.preferences import current_document, write_version
from consent_server.problems import ProblemError, field_problem
from consent_server.routers.common import ContractRouter
from consent_server.routers.registrations import too_many
from consent_server.tables import AccountRow, ContactDetailsRow, PreferenceVersionRow, SubjectRow

router = ContractRouter()


@router.operation(operations.READ_ME)
async def who_am_i(login: CurrentLogin, ctx: Context, db: Db) -> Me:
    return Me(account=account_model(login.account), subjects=subjects_for(db, ctx, login.account))


async def _confirm_passphrase(
    ctx: ServerContext, request: Request, login: Authenticated, passphrase: str
) -> None:
    """Re-check the passphrase before a sensitive change, under the login rate limits."""
    client = client_address(request)
    key = login.account.username_key
    wait = ctx.limits.login_retry_after(key, client)
    if wait is not None:
        raise too_many(wait)
    ctx.limits.record_login_attempt(client)
    if not await ctx.hasher.verify(login.account.passphrase_hash, passphrase):
        ctx.limits.record_login_failure(key, client)
        raise ProblemError(403, "invalid-credentials", "The passphrase is not right.")


def _store_passphrase(ctx: ServerContext, login: Authenticated, new_hash: str) -> None:
    with ctx.sessions() as db:
        account = db.get(AccountRow, login.account.id)
        if account is None:
            raise ProblemError(401, "unauthorized", "Log in first.")
        account.passphrase_hash = new_hash
        account.passphrase_changed_at = ctx.now()
        revoke_other_sessions(db, ctx, account.id, keep=login.family_id)
        db.commit()


@router.operation(operations.CHANGE_PASSPHRASE)
async def change_passphrase(
    body: PassphraseChange, request: Request, login: CurrentLogin, ctx: Context
) -> Response:
    await _confirm_passphrase(ctx, request, login, body.current_passphrase)
    if is_too_common(body.new_passphrase, login.account.username):
        raise field_problem(
            "passphrase-too-common", ["body", "new_passphrase"], "This passphrase is too common."
        )
    new_hash = await ctx.hasher.hash(body.new_passphrase)
    await run_in_threadpool(_store_passphrase, ctx, login, new_hash)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


def _details_of(subject_id: uuid.UUID) -> ColumnElement[bool]:
    """The contact details of every version of a record, found through its versions' index
    (``contact_details.subject_id`` has none: every write would add to it)."""
    versions = select(PreferenceVersionRow.id).where(PreferenceVersionRow.subject_id == subject_id)
    return ContactDetailsRow.preference_version_id.in_(versions)


def _delete_account(ctx: ServerContext, login: Authenticated, clear_decision: bool) -> None:
    """Remove the login and every contact detail; keep the decision unless asked to clear it."""
    with ctx.sessions() as db:
        account = db.get(AccountRow, login.account.id)
        if account is None:
            return
        own = db.scalars(select(SubjectRow).where(SubjectRow.account_id == account.id)).all()
        for subject in own:
            if clear_decision and current_document(db, ctx, subject).version > 0:
                grant = SubjectGrant(subject, "self", frozenset())
                cleared = PreferenceWrite(language=subject.language)
                write_version(db, ctx, grant, account, cleared, subject.current_version)
            db.execute(delete(ContactDetailsRow).where(_details_of(subject.id)))
            log_access(db, ctx, subject.id, account, "account.delete")
            subject.account_id = None
        db.flush()
        db.delete(account)
        db.commit()


@router.operation(operations.DELETE_ACCOUNT)
async def delete_me(
    body: AccountDeletion, request: Request, login: CurrentLogin, ctx: Context
) -> Response:
    await _confirm_passphrase(ctx, request, login, body.passphrase)
    await run_in_threadpool(_delete_account, ctx, login, body.clear_decision)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
