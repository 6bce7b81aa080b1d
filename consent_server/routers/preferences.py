"""A subject's preferences: read, write (If-Match + Idempotency-Key), history, receipts."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import Depends, Path, Query
from fastapi.responses import Response
from pydantic import BaseModel, TypeAdapter
from sqlalchemy.orm import Session

from consent_common.kantara import KantaraReceipt
from consent_common.models import (
    ConsentReceipt,
    Page,
    Permission,
    PreferenceRevert,
    Preferences,
    PreferenceVersion,
    PreferenceWrite,
    Role,
)
from consent_server import operations
from consent_server.access import (
    SELF_OR_STAFF,
    Actor,
    SubjectGrant,
    caller_and_subject,
    checked_grant,
    direct_grant,
    log_access,
    require_relation,
    require_subject,
)
from consent_server.auth import token_parameters
from consent_server.context import ServerContext
from consent_server.db import Database, PooledConnection
from consent_server.deps import (
    AccountInTransaction,
    Context,
    Db,
    InTransaction,
    Transaction,
)
from consent_server.fast_path import Declined, FastRoute, Incoming
from consent_server.history import history_page, receipt
from consent_server.kantara import kantara_receipt
from consent_server.paging import Cursor, Limit
from consent_server.preferences import (
    caller_and_record,
    choices_of,
    current_document,
    load_version,
)
from consent_server.problems import field_problem
from consent_server.routers.common import ContractRouter
from consent_server.tables import AccountRow, SubjectRow
from consent_server.versioned_write import (
    Preconditions,
    VersionRequest,
    check_preconditions,
    check_read_only,
    read_preconditions,
    write_new_key,
    write_once,
)


class PreferenceRoute(FastRoute):
    """The read and write of preferences also have a fast handler (see ``fast_path``)."""


router = ContractRouter()
# Every route of this router is made by this class; only the operations named in its
# ``fast_handlers`` (set at the end of this module) take the fast path.
router.route_class = PreferenceRoute
PREFERENCES_PATH = operations.PREFERENCES
_WRITE_TARGET = f"PUT {PREFERENCES_PATH}"  # with the record and body: a write's identity


def etag(version: int) -> str:
    return f'"{version}"'


def _document_response(document: Preferences, status_code: int = 200) -> Response:
    # Encoded once, by pydantic, straight to JSON bytes (not to a dict first, then json.dumps).
    return Response(
        document.model_dump_json(),
        status_code=status_code,
        headers={"ETag": etag(document.version)},
        media_type="application/json",
    )


@dataclass(frozen=True)
class _Write:
    """What a write's dependency checked: who, on which record, over which version."""

    ctx: ServerContext
    db: Session
    account: AccountRow
    grant: SubjectGrant
    preconditions: Preconditions

    def record(
        self,
        write: PreferenceWrite,
        *,
        request_target: str,
        request_body: BaseModel,
        action: str,
    ) -> Response:
        """Write ``write`` over the checked If-Match version (or replay the first answer)."""
        request = VersionRequest(request_target, request_body, write, self.preconditions, action)
        written = write_once(self.db, self.ctx, self.grant, self.account, request)
        return _document_response(written.document, written.status)


def _write(checked: Transaction, grant: SubjectGrant) -> _Write:
    # Read here, not as FastAPI parameters: FastAPI would check them after the body, and a
    # missing one would be a generic 422 instead of 428 / 400. They are declared in the
    # contract by the entries' ``request_headers`` (``consent_server/operations/records.py``).
    headers = checked.request.headers
    preconditions = check_preconditions(
        checked.db,
        checked.ctx,
        grant,
        checked.account,
        headers.get("if-match"),
        headers.get("idempotency-key"),
    )
    return _Write(checked.ctx, checked.db, checked.account, grant, preconditions)


# One dependency each, handing on what it checked: FastAPI solves every dependency of every
# parameter again on each request, so the fewer, the cheaper (bench/hot_path.py).
async def _edit(subject_id: uuid.UUID, checked: InTransaction) -> _Write:
    grant = require_subject(checked.db, checked.ctx, checked.account, subject_id, Permission.edit)
    return _write(checked, grant)


async def _revert(subject_id: uuid.UUID, checked: InTransaction) -> _Write:
    grant = require_relation(checked.db, checked.ctx, checked.account, subject_id, SELF_OR_STAFF)
    return _write(checked, grant)


@router.operation(operations.READ_PREFERENCES, response_model=Preferences)
async def read_preferences(subject_id: uuid.UUID, checked: InTransaction) -> Response:
    grant = require_subject(checked.db, checked.ctx, checked.account, subject_id, Permission.view)
    document = current_document(checked.db, checked.ctx, grant.subject)
    return _audited_read(checked.ctx, checked.db, checked.account, subject_id, document)


def _audited_read(
    ctx: ServerContext,
    db: Database,
    account: Actor,
    subject_id: uuid.UUID,
    document: Preferences,
) -> Response:
    """The document read, with its audit row, committed."""
    log_access(db, ctx, subject_id, account, "preferences.read")
    db.commit()
    return _document_response(document)


@router.operation(operations.WRITE_PREFERENCES, response_model=Preferences)
async def write_preferences(
    subject_id: uuid.UUID,
    body: PreferenceWrite,
    checked: Annotated[_Write, Depends(_edit)],
) -> Response:
    check_read_only(checked.db, subject_id, body, checked.preconditions.expected)
    write = body.without_read_only()
    return checked.record(
        write,
        request_target=_WRITE_TARGET,
        request_body=write,
        action="preferences.write",
    )


@router.operation(operations.REVERT_PREFERENCES, response_model=Preferences)
async def revert_preferences(
    subject_id: uuid.UUID,
    body: PreferenceRevert,
    checked: Annotated[_Write, Depends(_revert)],
) -> Response:
    """Undo in one action: version ``to_version``'s choices become a new, current version.

    The victim's (or staff's, assisted) answer to a representative's change; the history
    keeps both the change and its undoing.
    """
    row = load_version(checked.db, subject_id, body.to_version)
    if row is None:
        raise field_problem(
            "version-not-found", ["body", "to_version"], "There is no such version."
        )
    choices = choices_of(checked.ctx, row, row.contact_ciphertext)
    write = PreferenceWrite(
        **dict(choices),
        questions_locale=body.questions_locale or row.questions_locale,
        questions_version=row.questions_version,
        assisted=body.assisted,
    )
    return checked.record(
        write,
        request_target=f"POST {PREFERENCES_PATH}/revert",
        request_body=body,
        action=f"preferences.revert-to-{row.version}",
    )


@router.operation(operations.READ_HISTORY)
async def read_history(
    subject_id: uuid.UUID,
    account: AccountInTransaction,
    ctx: Context,
    db: Db,
    limit: Limit = 20,
    cursor: Cursor = None,
) -> Page[PreferenceVersion]:
    grant = require_subject(db, ctx, account, subject_id, Permission.view)
    page = history_page(db, ctx, grant, limit, cursor)
    log_access(db, ctx, subject_id, account, "history.read")
    db.commit()
    return page


@router.operation(operations.READ_RECEIPT)
async def read_receipt(
    subject_id: uuid.UUID,
    # Bounded: a number past 64 bits overflows the database driver (a 500, found by fuzzing).
    version: Annotated[int, Path(ge=1, le=999_999_999)],
    account: AccountInTransaction,
    ctx: Context,
    db: Db,
    receipt_format: Annotated[
        Literal["kantara-1.1"] | None,
        Query(
            alias="format",
            description="`kantara-1.1`: the receipt as a Kantara Consent Receipt v1.1 "
            "document; without it, this service's own receipt.",
        ),
    ] = None,
) -> ConsentReceipt | KantaraReceipt:
    grant = require_subject(db, ctx, account, subject_id, Permission.view)
    found = receipt(db, ctx, grant, version)
    log_access(db, ctx, subject_id, account, "receipt.read")
    db.commit()
    if receipt_format == "kantara-1.1":
        return kantara_receipt(found, ctx.settings)
    return found


# The fast path of the two most frequent operations (``consent_server.fast_path``): the same
# checks, in the same order, through the same functions as the operations above.
_PREFERENCE_WRITE = TypeAdapter(PreferenceWrite)


def _plain_grant(account: Actor, subject: SubjectRow | None, need: Permission) -> SubjectGrant:
    """``require_subject`` without the ORM, for the grants that need no delegation."""
    grant = direct_grant(account, subject) if subject is not None else None
    if grant is None and subject is not None and account.role == Role.representative.value:
        raise Declined  # a delegation decides: FastAPI's operation reads it
    return checked_grant(grant, need)


# On one of the pool's driver connections in one transaction (no ORM Session, no
# SQLAlchemy Connection: ``db.PooledConnection``): giving it back to the pool rolls back
# whatever was not committed, a declined request's reads included.
async def _fast_read(incoming: Incoming) -> Response:
    incoming.no_query()
    subject_id = incoming.path_uuid("subject_id")
    token = incoming.bearer()
    ctx = incoming.context
    # Its one write is the access-log row, after the one statement that reads.
    with PooledConnection(ctx.engine, only_the_last_statement_writes=True) as db:
        # Who asks, the record and its document's row: one statement.
        caller, found = caller_and_record(db, token_parameters(ctx, token), subject_id)
        _plain_grant(caller, found.subject if found is not None else None, Permission.view)
        assert found is not None  # a grant is never given on a record that is not there
        return _audited_read(ctx, db, caller, subject_id, found.document(ctx))


async def _fast_write(incoming: Incoming) -> Response:
    body = await incoming.json_body(_PREFERENCE_WRITE)  # FastAPI reads the body first too
    incoming.no_query()
    subject_id = incoming.path_uuid("subject_id")
    token = incoming.bearer()
    ctx = incoming.context
    headers = incoming.headers
    with PooledConnection(ctx.engine) as db:
        caller, subject = caller_and_subject(db, token_parameters(ctx, token), subject_id)
        grant = _plain_grant(caller, subject, Permission.edit)
        preconditions = read_preconditions(headers.get("if-match"), headers.get("idempotency-key"))
        if preconditions.expected != grant.subject.current_version:
            raise Declined  # a stale If-Match, or a replay: write_once answers those
        check_read_only(db, subject_id, body, preconditions.expected)
        write = body.without_read_only()
        request = VersionRequest(_WRITE_TARGET, write, write, preconditions, "preferences.write")
        document = write_new_key(db, ctx, grant, caller, request)
        if document is None:
            raise Declined  # the key was used before, or another write came first
        return _document_response(document)


PreferenceRoute.fast_handlers = {"readPreferences": _fast_read, "writePreferences": _fast_write}
