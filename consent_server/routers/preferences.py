"""A subject's preferences: read, write (If-Match + Idempotency-Key), history, receipts."""

from __future__ import annotations

import re
import uuid
from typing import Annotated

from fastapi import APIRouter, Header, Query
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError

from api_client.models import (
    ConsentReceipt,
    Page,
    Permission,
    Preferences,
    PreferenceVersion,
    PreferenceWrite,
)
from consent_server import idempotency
from consent_server.access import log_access, require_subject
from consent_server.deps import Context, CurrentAccount, Db
from consent_server.history import history_page, receipt
from consent_server.preferences import current_document, document_at, write_version
from consent_server.problems import ProblemError
from consent_server.routers import PROBLEM_RESPONSES

router = APIRouter(tags=["preferences"], responses=PROBLEM_RESPONSES)
_ETAG = re.compile(r'^"(\d{1,9})"$')
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
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> JSONResponse:
    grant = require_subject(db, ctx, account, subject_id, Permission.edit)
    if if_match is None:
        raise ProblemError(428, "precondition-required", 'Send If-Match: "<version>".')
    key = idempotency.check_key(idempotency_key)
    db.commit()
    fingerprint = idempotency.fingerprint(f"PUT {PREFERENCES_PATH} {subject_id}", body)
    claimed = idempotency.begin(db, ctx, account.id, key, subject_id, fingerprint)
    if isinstance(claimed, idempotency.Replay):
        document = document_at(db, ctx, subject_id, claimed.version)
        log_access(db, ctx, subject_id, account, "preferences.write-replayed")
        db.commit()
        return _document_response(document, claimed.status)
    record_id = claimed.id
    match = _ETAG.match(if_match.strip())
    try:
        expected = int(match.group(1)) if match else -1
        row = write_version(db, ctx, grant, account, body, expected)
        idempotency.complete(claimed, 200, row.version)
        log_access(db, ctx, subject_id, account, "preferences.write")
        db.commit()
    except ProblemError as problem:
        idempotency.abandon(db, record_id)
        if problem.problem.current is not None:  # the 412 body shows the record: audit that
            log_access(db, ctx, subject_id, account, "preferences.read")
            db.commit()
        raise
    except IntegrityError:
        idempotency.abandon(db, record_id)
        raise ProblemError(
            409, "write-conflict", "Another change arrived at the same moment."
        ) from None
    return _document_response(document_at(db, ctx, subject_id, row.version))


@router.get(PREFERENCES_PATH + "/history")
def read_history(
    subject_id: uuid.UUID,
    account: CurrentAccount,
    ctx: Context,
    db: Db,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=100)] = None,
) -> Page[PreferenceVersion]:
    require_subject(db, ctx, account, subject_id, Permission.view)
    page = history_page(db, ctx, subject_id, limit, cursor)
    log_access(db, ctx, subject_id, account, "history.read")
    db.commit()
    return page


@router.get("/v1/subjects/{subject_id}/receipts/{version}")
def read_receipt(
    subject_id: uuid.UUID, version: int, account: CurrentAccount, ctx: Context, db: Db
) -> ConsentReceipt:
    require_subject(db, ctx, account, subject_id, Permission.view)
    found = receipt(db, ctx, subject_id, version)
    log_access(db, ctx, subject_id, account, "receipt.read")
    db.commit()
    return found
