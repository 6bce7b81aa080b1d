"""The database schema (SQLAlchemy 2, typed). Same code on SQLite and PostgreSQL.

Decisions and contact details live apart: ``preference_versions`` holds what a person
decided, append-only; ``contact_details`` holds the addresses and free-text safe-contact
instructions for each version, encrypted, and can be erased without touching the decisions.
Secrets (passphrases, tokens, activation codes) are stored only as hashes.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from typing import Any, TypeVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    Double,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    UniqueConstraint,
    update,
)
from sqlalchemy.orm import Mapped, Session, attributes, class_mapper, mapped_column

from consent_common.models import Reassurance, Role
from consent_server.columns import (
    ACCOUNT_FK,
    AccountRef,
    SubjectRef,
    UuidKey,
    only_where,
    part_of,
)
from consent_server.db import Base

AutoIncrementId = BigInteger().with_variant(Integer(), "sqlite")
# The rows two partial indexes hold (SQL); the queries that use them state the same.
YEARLY_REASSURANCE = f"reassurance = '{Reassurance.yearly.value}'"
STAFF_ENTRIES = f"actor_role = '{Role.staff.value}'"


class AccountRow(Base):
    __tablename__ = "accounts"

    id: Mapped[UuidKey]
    username: Mapped[str] = mapped_column(String(40))
    # Lower-cased username: uniqueness and look-up are case-insensitive on every backend.
    username_key: Mapped[str] = mapped_column(String(40), unique=True)
    passphrase_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[dt.datetime]
    passphrase_changed_at: Mapped[dt.datetime]

    @classmethod
    def new(cls, username: str, passphrase_hash: str, role: str, now: dt.datetime) -> AccountRow:
        """A login made now (by an administrator or by registering with a code)."""
        return cls(
            username=username,
            username_key=username.lower(),
            passphrase_hash=passphrase_hash,
            role=role,
            created_at=now,
            passphrase_changed_at=now,
        )


class SubjectRow(Base):
    """A victim record, known to staff only by a pseudonymous reference."""

    __tablename__ = "subjects"
    __table_args__ = (
        Index("ix_subjects_coming_of_age", "coming_of_age_marked", "date_of_birth"),
        Index("ix_subjects_needs_reconsent", "needs_reconsent"),
    )

    id: Mapped[UuidKey]
    reference: Mapped[str] = mapped_column(String(64), unique=True)
    date_of_birth: Mapped[dt.date | None] = mapped_column(Date())
    language: Mapped[str] = mapped_column(String(8))
    needs_reconsent: Mapped[bool] = mapped_column(Boolean(), default=False)
    # True once coming of age has been noticed (and ``needs_reconsent`` set) or could not
    # happen any more because the record was made for an adult; see consent_server.reconsent.
    coming_of_age_marked: Mapped[bool] = mapped_column(Boolean(), default=False)
    account_id: Mapped[AccountRef] = mapped_column(unique=True)
    # Highest preference version; compare-and-set on it serialises concurrent writers.
    current_version: Mapped[int] = mapped_column(Integer(), default=0)
    created_at: Mapped[dt.datetime]
    created_by: Mapped[AccountRef]


class SingleUseCode:
    """A code handed to one person: only its hash is kept, it expires, and one account uses it."""

    id: Mapped[UuidKey]
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime]
    used_at: Mapped[dt.datetime | None]
    used_by: Mapped[AccountRef]

    def claim(self, db: Session, now: dt.datetime, account_id: uuid.UUID) -> bool:
        """Mark the code used by ``account_id``, unless it was used already.

        A compare-and-set in the database, so one code can never be used twice, even by two
        requests at the same moment: only the one that set ``used_at`` gets True.
        """
        table = type(self)
        claimed = db.execute(
            update(table)
            .where(table.id == self.id, table.used_at.is_(None))
            .values(used_at=now, used_by=account_id)
        )
        return claimed.rowcount == 1  # type: ignore[attr-defined, no-any-return]


class ActivationCodeRow(SingleUseCode, Base):
    __tablename__ = "activation_codes"

    role: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[SubjectRef] = mapped_column(index=True)
    issued_by: Mapped[AccountRef]


class LoginSessionRow(Base):
    """One login: the family of every access/refresh token pair rotated from it."""

    __tablename__ = "login_sessions"

    id: Mapped[UuidKey]
    account_id: Mapped[uuid.UUID] = mapped_column(part_of(ACCOUNT_FK), index=True)
    created_at: Mapped[dt.datetime]
    absolute_expires_at: Mapped[dt.datetime]
    revoked_at: Mapped[dt.datetime | None]
    revoked_reason: Mapped[str | None] = mapped_column(String(40))


class SessionTokenRow(Base):
    """One access/refresh pair; only SHA-256 hashes of the tokens are kept."""

    __tablename__ = "session_tokens"

    id: Mapped[UuidKey]
    family_id: Mapped[uuid.UUID] = mapped_column(part_of("login_sessions.id"), index=True)
    access_hash: Mapped[str] = mapped_column(String(64), unique=True)
    refresh_hash: Mapped[str] = mapped_column(String(64), unique=True)
    issued_at: Mapped[dt.datetime]
    access_expires_at: Mapped[dt.datetime]
    refresh_expires_at: Mapped[dt.datetime]
    # Set when the refresh token was exchanged; presenting it again means theft.
    superseded_at: Mapped[dt.datetime | None]


class PreferenceVersionRow(Base):
    """One immutable version of a subject's decisions, with who made it and how."""

    __tablename__ = "preference_versions"
    __table_args__ = (
        UniqueConstraint("subject_id", "version"),
        # The scheduled step finds who wants the yearly message without reading every record;
        # only those versions are in it, so other writes do not add to it (migration 0010).
        Index(
            "ix_preference_versions_reassurance",
            "reassurance",
            "created_at",
            **only_where(YEARLY_REASSURANCE),
        ),
    )

    id: Mapped[UuidKey]
    subject_id: Mapped[SubjectRef]
    version: Mapped[int] = mapped_column(Integer())
    inform: Mapped[str] = mapped_column(String(16))
    topic_new_findings: Mapped[bool] = mapped_column(Boolean())
    topic_proceedings: Mapped[bool] = mapped_column(Boolean())
    topic_compensation: Mapped[bool] = mapped_column(Boolean())
    topic_removal: Mapped[bool] = mapped_column(Boolean())
    recipients: Mapped[str] = mapped_column(String(16))
    channel_kinds: Mapped[list[Any]] = mapped_column(JSON())
    safe_days: Mapped[list[Any]] = mapped_column(JSON())
    no_voicemail: Mapped[bool] = mapped_column(Boolean())
    no_post_to_home: Mapped[bool] = mapped_column(Boolean())
    household_must_not_know: Mapped[bool] = mapped_column(Boolean())
    paused_until: Mapped[dt.date | None] = mapped_column(Date())
    language: Mapped[str] = mapped_column(String(8))
    frequency: Mapped[str] = mapped_column(String(20), server_default="each")
    reassurance: Mapped[str] = mapped_column(String(10), server_default="none")
    actor_account_id: Mapped[AccountRef]
    actor_role: Mapped[str | None] = mapped_column(String(20))
    actor_relation: Mapped[str] = mapped_column(String(20))
    actor_label: Mapped[str | None] = mapped_column(String(80))
    method: Mapped[str] = mapped_column(String(20))
    on_behalf_of: Mapped[uuid.UUID] = mapped_column()
    questions_locale: Mapped[str] = mapped_column(String(8))
    questions_version: Mapped[str] = mapped_column(String(40))
    # Staff's identity-check note of an assisted entry, encrypted (consent_server.identity_checks).
    identity_check_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary())
    read_back_confirmed: Mapped[bool | None] = mapped_column(Boolean())
    created_at: Mapped[dt.datetime]


class ContactDetailsRow(Base):
    """Encrypted addresses and safe-contact free text belonging to one version."""

    __tablename__ = "contact_details"

    id: Mapped[UuidKey]
    preference_version_id: Mapped[uuid.UUID] = mapped_column(
        part_of("preference_versions.id"), unique=True
    )
    # Not indexed: erasing a person's details goes through their versions (routers/me.py).
    subject_id: Mapped[SubjectRef]
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary())


class IdempotencyRecordRow(Base):
    """A write keyed by the client; replays get the stored answer.

    The answer is stored as a status and the preference version it produced, not as a copy
    of the response body, so contact details never sit here in plain text.
    """

    __tablename__ = "idempotency_records"
    __table_args__ = (UniqueConstraint("account_id", "key"),)

    id: Mapped[UuidKey]
    account_id: Mapped[uuid.UUID] = mapped_column(part_of(ACCOUNT_FK))
    key: Mapped[str] = mapped_column(String(200))
    subject_id: Mapped[uuid.UUID | None] = mapped_column()
    request_hash: Mapped[str] = mapped_column(String(64))
    in_progress: Mapped[bool] = mapped_column(Boolean(), default=True)
    response_status: Mapped[int | None] = mapped_column(Integer())
    result_version: Mapped[int | None] = mapped_column(Integer())
    created_at: Mapped[dt.datetime]


class DelegationRow(Base):
    """A representative's mandate for one subject."""

    __tablename__ = "delegations"

    id: Mapped[UuidKey]
    subject_id: Mapped[SubjectRef] = mapped_column(index=True)
    representative_id: Mapped[AccountRef] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(40))
    permissions: Mapped[list[Any]] = mapped_column(JSON())
    evidence: Mapped[str | None] = mapped_column(String(300))
    verified_by: Mapped[AccountRef]
    valid_from: Mapped[dt.datetime]
    valid_until: Mapped[dt.date | None] = mapped_column(Date())
    revoked_at: Mapped[dt.datetime | None]
    conflict_of_interest: Mapped[bool] = mapped_column(Boolean(), default=False)
    created_at: Mapped[dt.datetime]
    created_by: Mapped[AccountRef]


class InvitationRow(SingleUseCode, Base):
    """A one-time code a victim gives to a representative; only its hash is kept."""

    __tablename__ = "invitations"

    subject_id: Mapped[SubjectRef] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(40))
    permissions: Mapped[list[Any]] = mapped_column(JSON())
    valid_until: Mapped[dt.date | None] = mapped_column(Date())
    created_by: Mapped[AccountRef]


class AccessLogRow(Base):
    """Who read or changed a subject's record, when and why."""

    __tablename__ = "access_log"
    __table_args__ = (
        Index("ix_access_log_subject_at", "subject_id", "at"),
        # Only staff's own entries, for their list of recent records (subject_search): the
        # entries of every victim's and representative's read and write are not in it.
        Index("ix_access_log_actor_at", "actor_account_id", "at", **only_where(STAFF_ENTRIES)),
    )

    id: Mapped[int] = mapped_column(AutoIncrementId, primary_key=True, autoincrement=True)
    subject_id: Mapped[SubjectRef]
    actor_account_id: Mapped[AccountRef]
    actor_role: Mapped[str | None] = mapped_column(String(20))
    actor_label: Mapped[str | None] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str | None] = mapped_column(String(200))
    at: Mapped[dt.datetime]


class QuestionSetRow(Base):
    """One published version of the wizard's question texts, in every language.

    ``material``: the change alters what people agreed to, so answers given to earlier
    texts are to be asked again (gently); a typo fix is not material.
    """

    __tablename__ = "question_sets"

    version: Mapped[str] = mapped_column(String(40), primary_key=True)
    sequence: Mapped[int] = mapped_column(Integer(), unique=True)
    material: Mapped[bool] = mapped_column(Boolean())
    published_at: Mapped[dt.datetime]
    texts: Mapped[dict[str, Any]] = mapped_column(JSON())


def core_table(row_class: type[Base]) -> Table:
    """The Core ``Table`` of a mapped class, for statements that skip the ORM (hot paths)."""
    return Base.metadata.tables[row_class.__tablename__]


_Row = TypeVar("_Row", bound=Base)


def detached_row(row_class: type[_Row], values: Mapping[str, Any]) -> _Row:
    """A row read without the ORM, as the ORM would have loaded it, then detached.

    The same as ``make_transient_to_detached(row_class(**values))``, built the way the
    ORM's loader builds a loaded row (no constructor, no change events): a third of a
    request's ORM cost on the hot path. ``values`` holds every column; the row can be
    added to a session and changed like any loaded row.
    """
    mapper = class_mapper(row_class)
    row: _Row = mapper.class_manager.new_instance()
    row.__dict__.update(values)
    attributes.instance_state(row).key = mapper.identity_key_from_primary_key(
        tuple(values[str(column.key)] for column in mapper.primary_key)
    )
    return row


from consent_server import notice_tables  # noqa: E402, F401  (registers the notice tables)


class RateLimitCounterRow(Base):
    """One rate-limit window shared by every server process (consent_server.ratelimit_store).

    The key is the limit's name and an HMAC of whom it counts (username, address, device
    token id), never the username or address themselves.
    """

    __tablename__ = "rate_limit_counters"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    count: Mapped[int] = mapped_column(Integer())
    # Seconds since the epoch (the strategy's own unit), by the server's clock.
    expires_at: Mapped[float] = mapped_column(Double(), index=True)
