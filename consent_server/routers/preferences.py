"""A subject's preferences: read, write (If-Match + Idempotency-Key), history, receipts."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Header, Path, Query
from fastapi.responses import JSONResponse

from api_client.models import (
    ConsentReceipt,
    Page,
    Permission,
    PreferenceRevert,
    Preferences,
    PreferenceVersion,
    PreferenceWrite,
)
from consent_server.access import SELF_OR_STAFF, log_access, require_relation, require_subject
from consent_server.deps import Context, CurrentAccount, Db
from consent_server.history import history_page, receipt
from consent_server.preferences import choices_of, current_document, load_version
from consent_server.problems import field_problem
from consent_server.routers import PROBLEM_RESPONSES
from consent_server.versioned_write import check_preconditions, write_once

router = APIRouter(tags=["preferences"], responses=PROBLEM_RESPONSES)
# Checked by idempotency.check_key, so every malformed key (also one that is too long) gets
# the same 400 invalid-idempotency-key, not a 422 from header validation.
IdempotencyKeyHeader = Annotated[
    str | None,
    Header(description="1 to 200 visible ASCII characters; anything else: 400"),
]
PREFERENCES_PATH = "/v1/subjects/{subject_id}/preferences"


def etag(version: int) -> str:
    return f'"{version}"'


def _document_response(document: Preferences, status_code: int = 200) -> JSONResponse:
    return JSONResponse(
        document.model_dump(mode="json"),
        status_code=status_code,
        headers={"ETag": etag(document.version)},
    )


@router.get(PREFERENCES_PATH, response_model=Preferences)
def read_preferences(
    subject_id: uuid.UUID, account: CurrentAccount, ctx: Context, db: Db
) -> JSONResponse:
    grant = require_subject(db, ctx, account, subject_id, Permission.view)
    document = current_document(db, ctx, grant.subject)
    log_access(db, ctx, subject_id, account, "preferences.read")
    db.commit()
    return _document_response(document)


@router.put(PREFERENCES_PATH, response_model=Preferences)
def write_preferences(
    subject_id: uuid.UUID,
    body: PreferenceWrite,
    account: CurrentAccount,
    ctx: Context,
    db: Db,
    if_match: Annotated[str | None, Header(description='"<version>" from the ETag')] = None,
    idempotency_key: IdempotencyKeyHeader = None,
) -> JSONResponse:
    grant = require_subject(db, ctx, account, subject_id, Permission.edit)
    key = check_preconditions(if_match, idempotency_key)
    assert if_match is not None
    written = write_once(
        db,
        ctx,
        grant,
        account,
        request_target=f"PUT {PREFERENCES_PATH}",
        request_body=body,
        write=body,
        if_match=if_match,
        key=key,
        action="preferences.write",
    )
    return _document_response(written.document, written.status)


@router.post(PREFERENCES_PATH + "/revert", response_model=Preferences)
def revert_preferences(
    subject_id: uuid.UUID,
    body: PreferenceRevert,
    account: CurrentAccount,
    ctx: Context,
    db: Db,
    if_match: Annotated[str | None, Header(description='"<version>" from the ETag')] = None,
    idempotency_key: IdempotencyKeyHeader = None,
) -> JSONResponse:
    """Undo in one action: version ``to_version``'s choices become a new, current version.

    The victim's (or staff's, assisted) answer to a representative's change; the history
    keeps both the change and its undoing.
    """
    grant = require_relation(db, ctx, account, subject_id, SELF_OR_STAFF)
    key = check_preconditions(if_match, idempotency_key)
    assert if_match is not None
    found = load_version(db, subject_id, body.to_version)
    if found is None:
        raise field_problem(
            "version-not-found", ["body", "to_version"], "There is no such version."
        )
    row, contact = found
    choices = choices_of(ctx, row, contact)
    write = PreferenceWrite(
        **dict(choices),
        questions_locale=body.questions_locale or row.questions_locale,
        questions_version=row.questions_version,
        assisted=body.assisted,
    )
    written = write_once(
        db,
        ctx,
        grant,
        account,
        request_target=f"POST {PREFERENCES_PATH}/revert",
        request_body=body,
        write=write,
        if_match=if_match,
        key=key,
        action=f"preferences.revert-to-{row.version}",
    )
    return _document_response(written.document, written.status)


@router.get(PREFERENCES_PATH + "/history")
def read_history(
    subject_id: uuid.UUID,
    account: CurrentAccount,
    ctx: Context,
    db: Db,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=100)] = None,
) -> Page[PreferenceVersion]:
    grant = require_subject(db, ctx, account, subject_id, Permission.view)
    page = history_page(db, ctx, grant, limit, cursor)
    log_access(db, ctx, subject_id, account, "history.read")
    db.commit()
    return page


@router.get("/v1/subjects/{subject_id}/receipts/{version}")
def read_receipt(
    subject_id: uuid.UUID,
    # Bounded: a number past 64 bits overflows the database driver (a 500, found by fuzzing).
    version: Annotated[int, Path(ge=1, le=999_999_999)],
    account: CurrentAccount,
    ctx: Context,
    db: Db,
) -> ConsentReceipt:
    grant = require_subject(db, ctx, account, subject_id, Permission.view)
    found = receipt(db, ctx, grant, version)
    log_access(db, ctx, subject_id, account, "receipt.read")
    db.commit()
    return found
