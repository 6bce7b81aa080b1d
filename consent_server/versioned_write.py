"""One new preference version, written at most once per Idempotency-Key and only over the
version named in If-Match. Shared by PUT .../preferences and POST .../preferences/revert."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from consent_common.models import Preferences, PreferenceWrite
from consent_server import idempotency
from consent_server.access import Actor, SubjectGrant, log_access
from consent_server.context import ServerContext
from consent_server.db import Database
from consent_server.preferences import actor_of, append_version, document_at, load_version
from consent_server.problems import ProblemError, field_problem
from consent_server.tables import AccountRow, SubjectRow

_ETAG = re.compile(r'^"(\d{1,9})"$')
IF_MATCH_PATTERN = _ETAG.pattern


@dataclass(frozen=True)
class Written:
    document: Preferences
    status: int


@dataclass(frozen=True)
class Preconditions:
    """A write's If-Match (as sent and as a version number, -1 if malformed) and its key."""

    if_match: str
    expected: int
    key: str


def check_preconditions(
    db: Session,
    ctx: ServerContext,
    grant: SubjectGrant,
    account: AccountRow,
    if_match: str | None,
    idempotency_key: str | None,
) -> Preconditions:
    """Run before the body is validated, so a client learns about its headers first.

    428 without If-Match, 400 without a usable Idempotency-Key, 412 (with the current
    document) when If-Match is not the current version, unless the key is already known:
    then this may be a replay of a write that made If-Match stale, and it is answered (or
    refused as a reused key) once the body is read.
    """
    preconditions = read_preconditions(if_match, idempotency_key)
    if preconditions.expected != grant.subject.current_version and not idempotency.is_known(
        db, account.id, preconditions.key
    ):
        raise stale(db, ctx, grant.subject.id, account)
    return preconditions


def read_preconditions(if_match: str | None, idempotency_key: str | None) -> Preconditions:
    """The headers of :func:`check_preconditions` as sent: 428 without If-Match, 400
    without a usable Idempotency-Key; a malformed If-Match is version -1 (never current)."""
    if if_match is None:
        raise ProblemError(428, "precondition-required", 'Send If-Match: "<version>".')
    key = idempotency.check_key(idempotency_key)
    match = _ETAG.match(if_match.strip())
    return Preconditions(if_match, int(match.group(1)) if match else -1, key)


def stale(
    db: Session, ctx: ServerContext, subject_id: uuid.UUID, account: AccountRow
) -> ProblemError:
    """412 with the current document; the body shows the record, so the read is audited."""
    db.rollback()
    subject = db.get(SubjectRow, subject_id, populate_existing=True)
    assert subject is not None
    problem = ProblemError(
        412,
        "precondition-failed",
        "Someone else changed these preferences first.",
        current=document_at(db, ctx, subject_id, subject.current_version),
    )
    log_access(db, ctx, subject_id, account, "preferences.read")
    db.commit()
    return problem


def check_read_only(
    db: Database, subject_id: uuid.UUID, body: PreferenceWrite, expected: int
) -> None:
    """The document's server-set fields, when sent back, must be what the server holds."""

    def mismatch(field: str) -> ProblemError:
        return field_problem(
            "read-only-field-mismatch",
            ["body", field],
            "This field is set by the server and does not match.",
        )

    if body.subject_id is not None and body.subject_id != subject_id:
        raise mismatch("subject_id")
    if body.version is not None and body.version != expected:
        raise mismatch("version")
    if body.updated_at is None and body.updated_by is None:
        return
    row = load_version(db, subject_id, expected) if expected > 0 else None
    if row is None:  # version 0: nothing recorded, so nothing was updated yet
        if body.updated_at is not None:
            raise mismatch("updated_at")
        raise mismatch("updated_by")
    if body.updated_at is not None and body.updated_at != row.created_at:
        raise mismatch("updated_at")
    if body.updated_by is not None:
        actor = actor_of(row)
        echoed = body.updated_by
        if (echoed.account_id, echoed.role, echoed.relation, echoed.label) != (
            actor.account_id,
            actor.role,
            actor.relation,
            actor.label,
        ):
            raise mismatch("updated_by")


@dataclass(frozen=True)
class VersionRequest:
    """A request for a new version, as :func:`write_once` and :func:`write_new_key` take it."""

    target: str  # method and path template: with the record and the body, the request's identity
    body: BaseModel  # the body as sent (what a retry with the same key must send again)
    write: PreferenceWrite  # the choices to store
    preconditions: Preconditions  # the If-Match version and the Idempotency-Key
    action: str  # the audit row's action

    @property
    def new_version(self) -> int:
        """The version this request writes (what its Idempotency-Key answers with)."""
        return self.preconditions.expected + 1

    def keyed(self, account: Actor, subject_id: uuid.UUID) -> idempotency.KeyedWrite:
        """This request as its Idempotency-Key guards it (the request's identity: the
        target, the record and the body)."""
        request_hash = idempotency.fingerprint(f"{self.target} {subject_id}", self.body)
        key = self.preconditions.key
        return idempotency.KeyedWrite(account.id, key, subject_id, request_hash, self.new_version)


def write_once(
    db: Session,
    ctx: ServerContext,
    grant: SubjectGrant,
    account: AccountRow,
    request: VersionRequest,
) -> Written:
    """Write ``request.write`` over the If-Match version, or answer a replay with the first
    answer. The same key with another request (target, record or body) is refused (422).
    """
    subject_id = grant.subject.id
    # One transaction from the checks to the answer: this runs on the event loop without an
    # ``await`` (see deps.get_db), so holding it costs nobody anything.
    claimed = idempotency.begin(db, ctx, request.keyed(account, subject_id))
    if isinstance(claimed, idempotency.Replay):
        document = document_at(db, ctx, subject_id, claimed.version)
        log_access(db, ctx, subject_id, account, f"{request.action}-replayed")
        db.commit()
        return Written(document, claimed.status)
    written = _append(db, ctx, grant, account, claimed, request)
    if written is None:  # someone else's write came first
        raise stale(db, ctx, subject_id, account)
    return Written(written, 200)


def write_new_key(
    db: Database,
    ctx: ServerContext,
    grant: SubjectGrant,
    account: Actor,
    request: VersionRequest,
) -> Preferences | None:
    """:func:`write_once` for its plain case, on a Session or a Core connection: a key this
    account has not used, over the current version. ``None`` when it is not that case (the
    key was used before, or the If-Match version is no longer current): nothing was
    written, the transaction is rolled back, and :func:`write_once` is the one to answer.
    """
    subject_id = grant.subject.id
    claimed = idempotency.claim(db, ctx, request.keyed(account, subject_id))
    if claimed is None:
        return None
    return _append(db, ctx, grant, account, claimed, request)


def _append(
    db: Database,
    ctx: ServerContext,
    grant: SubjectGrant,
    account: Actor,
    claimed: idempotency.Claim,
    request: VersionRequest,
) -> Preferences | None:
    """The write under a claimed key: the version, the key's answer and the audit row, then
    commit. ``None`` (rolled back) when the If-Match version is no longer current."""
    expected = request.preconditions.expected
    try:
        document = append_version(db, ctx, grant, account, request.write, expected)
        if document is None:
            idempotency.abandon(db)
            return None
        idempotency.complete(db, claimed, 200, document.version)
        log_access(db, ctx, grant.subject.id, account, request.action)
        db.commit()
    except ProblemError:
        idempotency.abandon(db)
        raise
    except IntegrityError:
        idempotency.abandon(db)
        raise ProblemError(
            409, "write-conflict", "Another change arrived at the same moment."
        ) from None
    return document
