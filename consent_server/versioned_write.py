"""One new preference version, written at most once per Idempotency-Key and only over the
version named in If-Match. Shared by PUT .../preferences and POST .../preferences/revert."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api_client.models import Preferences, PreferenceWrite
from consent_server import idempotency
from consent_server.access import SubjectGrant, log_access
from consent_server.context import ServerContext
from consent_server.preferences import document_at, write_version
from consent_server.problems import ProblemError
from consent_server.tables import AccountRow

_ETAG = re.compile(r'^"(\d{1,9})"$')


@dataclass(frozen=True)
class Written:
    document: Preferences
    status: int


def check_preconditions(if_match: str | None, idempotency_key: str | None) -> str:
    """428 without If-Match, 400 without a usable Idempotency-Key; returns the key."""
    if if_match is None:
        raise ProblemError(428, "precondition-required", 'Send If-Match: "<version>".')
    return idempotency.check_key(idempotency_key)


def write_once(
    db: Session,
    ctx: ServerContext,
    grant: SubjectGrant,
    account: AccountRow,
    *,
    request_target: str,
    request_body: BaseModel,
    write: PreferenceWrite,
    if_match: str,
    key: str,
    action: str,
) -> Written:
    """Write ``write`` over the If-Match version, or answer a replay with the first answer.

    ``request_target`` and ``request_body`` identify the request for the idempotency check:
    the same key with another request is refused (422).
    """
    subject_id = grant.subject.id
    db.commit()
    fingerprint = idempotency.fingerprint(f"{request_target} {subject_id}", request_body)
    claimed = idempotency.begin(db, ctx, account.id, key, subject_id, fingerprint)
    if isinstance(claimed, idempotency.Replay):
        document = document_at(db, ctx, subject_id, claimed.version)
        log_access(db, ctx, subject_id, account, f"{action}-replayed")
        db.commit()
        return Written(document, claimed.status)
    match = _ETAG.match(if_match.strip())
    try:
        expected = int(match.group(1)) if match else -1
        row = write_version(db, ctx, grant, account, write, expected)
        idempotency.complete(claimed, 200, row.version)
        log_access(db, ctx, subject_id, account, action)
        db.commit()
    except ProblemError as problem:
        idempotency.abandon(db)
        if problem.problem.current is not None:  # the 412 body shows the record: audit that
            log_access(db, ctx, subject_id, account, "preferences.read")
            db.commit()
        raise
    except IntegrityError:
        idempotency.abandon(db)
        raise ProblemError(
            409, "write-conflict", "Another change arrived at the same moment."
        ) from None
    return Written(document_at(db, ctx, subject_id, row.version), 200)
