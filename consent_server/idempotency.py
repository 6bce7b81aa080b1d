"""Idempotency keys for writes: a retried request gets the first answer, not a second write."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import uuid
from dataclasses import dataclass

from pydantic import BaseModel
from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from consent_server.context import ServerContext
from consent_server.db import Database, connection_of
from consent_server.prepared import Prepared, insert_all
from consent_server.problems import ProblemError
from consent_server.tables import IdempotencyRecordRow, core_table

MAX_KEY_LENGTH = 200
ANSWERED = 200  # a write's status, stored with its claim (see :func:`claim`)
# Printable ASCII without spaces (33-126), 1 to MAX_KEY_LENGTH characters.
_USABLE_KEY = re.compile(f"[\x21-\x7e]{{1,{MAX_KEY_LENGTH}}}")
# Expired records are swept at most this often per running server.
PURGE_EVERY = dt.timedelta(hours=1)
_last_purge: dict[int, dt.datetime] = {}


@dataclass(frozen=True)
class KeyedWrite:
    """A write under an Idempotency-Key, as :func:`begin` and :func:`claim` take it: whose
    key, the record, the request's :func:`fingerprint`, and the version the write makes
    (the answer its key keeps)."""

    account_id: uuid.UUID
    key: str
    subject_id: uuid.UUID
    request_hash: str
    version: int


@dataclass(frozen=True)
class Replay:
    status: int
    version: int


@dataclass(frozen=True)
class Claim:
    """A key claimed by the running write (not committed yet).

    ``answered``: the claim was stored with the write's answer (a new claim is; an old
    in-progress one taken over is not, and :func:`complete` stores its answer).
    """

    record_id: uuid.UUID
    answered: bool = False


_records = core_table(IdempotencyRecordRow)
_INSERT_CLAIM = Prepared(insert_all(_records))
# Runs on any kind of connection, the fast path's pooled one included (consent_server.db).
_PURGE = Prepared(delete(_records).where(_records.c.created_at <= bindparam("cutoff")))
_COMPLETE = Prepared(
    update(_records)
    .where(_records.c.id == bindparam("record_id"))
    .values(
        in_progress=False,
        response_status=bindparam("status"),
        result_version=bindparam("version"),
    )
)


def check_key(key: str | None) -> str:
    if key is None:
        raise ProblemError(400, "idempotency-key-missing", "Send an Idempotency-Key header.")
    if _USABLE_KEY.fullmatch(key) is None:
        raise ProblemError(
            400, "invalid-idempotency-key", "The Idempotency-Key header is not valid."
        )
    return key


def is_known(db: Session, account_id: uuid.UUID, key: str) -> bool:
    """Whether this account used ``key`` before (its request may be replayed)."""
    found = db.scalar(
        select(IdempotencyRecordRow.id).where(
            IdempotencyRecordRow.account_id == account_id, IdempotencyRecordRow.key == key
        )
    )
    return found is not None


def fingerprint(target: str, body: BaseModel) -> str:
    canonical = json.dumps(body.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(f"{target}\n{canonical}".encode()).hexdigest()


def begin(db: Session, ctx: ServerContext, write: KeyedWrite) -> Claim | Replay:
    """Claim ``write.key`` in the transaction of the write it guards, or find its answer.

    The claim is written, not committed, with the answer the write gives when it succeeds
    (200 and ``write.version``, the version it makes): it becomes visible together with that
    version, or never. A request that fails in any way, or a process
    that dies half-way, leaves nothing behind — the database rolls the claim back with the
    write — so a retry is never told to wait for a request that no longer runs. A duplicate
    sent while the first is still running waits for it on the key's unique index
    (PostgreSQL) or on the write lock (SQLite), and then gets its answer.

    Only finished writes keep their record: a 412 or 422 can be corrected and resent with
    the same key. Records live ``idempotency_retention``.
    """
    claimed = claim(db, ctx, write)
    if claimed is not None:
        return claimed
    existing = db.scalars(
        select(IdempotencyRecordRow).where(
            IdempotencyRecordRow.account_id == write.account_id,
            IdempotencyRecordRow.key == write.key,
        )
    ).one_or_none()
    if existing is None:  # the other request with this key failed after all: claim it now
        return begin(db, ctx, write)
    if existing.created_at + ctx.settings.idempotency_retention <= ctx.now():
        db.delete(existing)  # expired but not swept yet: the key is free again
        db.commit()
        return begin(db, ctx, write)
    if existing.request_hash != write.request_hash:
        raise ProblemError(
            422, "idempotency-key-reused", "This Idempotency-Key was used for a different request."
        )
    if existing.in_progress:
        # Only a server from before claims were kept in the write's transaction committed a
        # claim on its own; such a claim is taken over after the timeout.
        if existing.created_at + ctx.settings.idempotency_in_progress_timeout > ctx.now():
            raise ProblemError(
                409,
                "idempotency-key-in-progress",
                "The same request is still being handled.",
                headers={"Retry-After": "1"},
            )
        existing.created_at = ctx.now()
        db.commit()
        return Claim(existing.id)
    assert existing.response_status is not None and existing.result_version is not None
    return Replay(status=existing.response_status, version=existing.result_version)


def claim(db: Database, ctx: ServerContext, write: KeyedWrite) -> Claim | None:
    """:func:`begin` for a key this account has not used: its claim, stored with the
    answer of a successful write (200, ``write.version``), or ``None`` (after a rollback) when
    the key is taken, so the first answer must be looked up.

    The answer is stored with the claim, not after the write (one UPDATE fewer): the
    claim commits only with the write, and a write that fails in any way rolls it back."""
    purge_expired(db, ctx)
    record_id = uuid.uuid4()
    try:
        # Prepared: the hot path's write runs no ORM unit of work for its claim.
        _INSERT_CLAIM.run(
            connection_of(db),
            {
                "id": record_id,
                "account_id": write.account_id,
                "key": write.key,
                "subject_id": write.subject_id,
                "request_hash": write.request_hash,
                "in_progress": False,
                "response_status": ANSWERED,
                "result_version": write.version,
                "created_at": ctx.now(),
            },
        )
    except IntegrityError:
        db.rollback()
        return None
    return Claim(record_id, answered=True)


def complete(db: Database, claimed: Claim, status: int, version: int) -> None:
    """Store the answer of a claim taken over without it; commits with the write."""
    if claimed.answered:
        return
    _COMPLETE.run(
        connection_of(db), {"record_id": claimed.record_id, "status": status, "version": version}
    )


def abandon(db: Database) -> None:
    """Forget the claim of a request that failed, so the client may try again with its key.

    The claim was never committed: rolling back the write's transaction removes it.
    """
    db.rollback()


def purge_expired(db: Database, ctx: ServerContext, *, force: bool = False) -> int:
    """Delete records older than the retention period (at most once per ``PURGE_EVERY``).

    In the caller's transaction: it commits with the write that triggered it.
    """
    now = ctx.now()
    last = _last_purge.get(id(ctx))
    if not force and last is not None and now - last < PURGE_EVERY:
        return 0
    _last_purge[id(ctx)] = now
    cutoff = now - ctx.settings.idempotency_retention
    return _PURGE.run(connection_of(db), {"cutoff": cutoff})
