"""Who may act for which subject, and the audit trail of every read and write."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, Protocol

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from consent_common.models import DelegationKind, Permission, Role, SubjectAccess
from consent_server.auth import (
    CALLER_COLUMNS,
    USABLE_TOKEN_WHERE,
    USABLE_TOKENS,
    Caller,
    caller_from,
)
from consent_server.clock import age_on
from consent_server.context import ServerContext
from consent_server.db import Database, connection_of
from consent_server.prepared import Prepared, PreparedRow, insert_all
from consent_server.problems import ProblemError, not_found_subject
from consent_server.questions import questions_changed
from consent_server.tables import (
    AccessLogRow,
    AccountRow,
    DelegationRow,
    SubjectRow,
    core_table,
    detached_row,
)

Relation = Literal["self", "delegate", "staff"]
_ALL = frozenset(Permission)
_STAFF = frozenset({Permission.view, Permission.edit})


class Actor(Protocol):
    """Who acts, as a grant and the audit trail see them: an ``AccountRow``, or the
    ``auth.Caller`` the fast path reads with the record in one statement."""

    @property
    def id(self) -> uuid.UUID: ...

    @property
    def role(self) -> str: ...

    @property
    def username(self) -> str: ...


@dataclass(frozen=True)
class SubjectGrant:
    subject: SubjectRow
    relation: Relation
    permissions: frozenset[Permission]
    delegation_id: uuid.UUID | None = None


def delegation_permissions(
    delegation: DelegationRow, subject: SubjectRow, ctx: ServerContext
) -> frozenset[Permission]:
    """What an active delegation allows today; empty when it is not active."""
    now = ctx.now()
    if (
        delegation.revoked_at is not None
        or delegation.valid_from > now
        or (delegation.valid_until is not None and delegation.valid_until < now.date())
    ):
        return frozenset()
    granted = frozenset(Permission(p) for p in delegation.permissions)
    if delegation.conflict_of_interest:
        granted -= {Permission.edit, Permission.receive_notices}
    grown_up = (
        subject.date_of_birth is not None
        and age_on(subject.date_of_birth, now.date()) >= ctx.settings.coming_of_age
    )
    if delegation.kind == DelegationKind.guardian.value and grown_up:
        granted -= {Permission.edit}
    return granted


def direct_grant(account: Actor, subject: SubjectRow) -> SubjectGrant | None:
    """The grant that needs no delegation: staff, or the victim's own record."""
    if account.role == Role.staff.value:
        return SubjectGrant(subject, "staff", _STAFF)
    if subject.account_id == account.id:
        return SubjectGrant(subject, "self", _ALL)
    return None


def _grant(
    db: Session, ctx: ServerContext, account: AccountRow, subject: SubjectRow
) -> SubjectGrant | None:
    direct = direct_grant(account, subject)
    if direct is not None or account.role != Role.representative.value:
        return direct
    delegations = db.scalars(
        select(DelegationRow).where(
            DelegationRow.subject_id == subject.id,
            DelegationRow.representative_id == account.id,
        )
    )
    for delegation in delegations:
        permissions = delegation_permissions(delegation, subject, ctx)
        if permissions:
            return SubjectGrant(subject, "delegate", permissions, delegation.id)
    return None


_SUBJECT_KEYS = tuple(column.key for column in core_table(SubjectRow).c)
_ONE_SUBJECT = Prepared(
    select(core_table(SubjectRow)).where(core_table(SubjectRow).c.id == bindparam("id"))
)
# A record's columns next to another table's (which may share their names): ``record_`` + key.
RECORD_PREFIX = "record_"
_subjects = core_table(SubjectRow)
# The caller behind a usable access token and the record ``id`` (outer-joined: the caller
# is known even when there is no such record), for statements that read both at once;
# :func:`caller_and_subject_in` reads them back from a row.
CALLER_AND_RECORD_COLUMNS = (
    *CALLER_COLUMNS,
    *(column.label(RECORD_PREFIX + column.key) for column in _subjects.c),
)
CALLER_AND_RECORD_FROM = USABLE_TOKENS.outerjoin(_subjects, _subjects.c.id == bindparam("id"))
_CALLER_AND_SUBJECT = Prepared(
    select(*CALLER_AND_RECORD_COLUMNS)
    .select_from(CALLER_AND_RECORD_FROM)
    .where(*USABLE_TOKEN_WHERE)
)


def subject_row(db: Database, subject_id: uuid.UUID) -> SubjectRow | None:
    """A record read with one Core query, as a detached row (no session involved)."""
    found = _ONE_SUBJECT.first(connection_of(db), {"id": subject_id})
    if found is None:
        return None
    return subject_from(found)


def caller_and_subject(
    db: Database, token: Mapping[str, object], subject_id: uuid.UUID
) -> tuple[Caller, SubjectRow | None]:
    """The caller behind the access token (``auth.token_parameters``; else 401) and
    :func:`subject_row`, in one statement."""
    found = _CALLER_AND_SUBJECT.first(connection_of(db), {**token, "id": subject_id})
    return caller_and_subject_in(found)


def caller_and_subject_in(found: PreparedRow | None) -> tuple[Caller, SubjectRow | None]:
    """The caller and the record in a row with :data:`CALLER_AND_RECORD_COLUMNS`; no row:
    the token is not usable (401); the record ``None``: there is no such record."""
    caller = caller_from(found)
    assert found is not None  # caller_from refused it otherwise
    if found.record_id is None:  # outer-joined
        return caller, None
    return caller, subject_from(found, RECORD_PREFIX)


def subject_from(found: PreparedRow, prefix: str = "") -> SubjectRow:
    """The record in a result row whose columns are the record's, named ``prefix`` + key."""
    return detached_row(SubjectRow, {key: getattr(found, prefix + key) for key in _SUBJECT_KEYS})


def load_subject(db: Session, subject_id: uuid.UUID) -> SubjectRow | None:
    """``db.get(SubjectRow, subject_id)`` for the hot path: one Core query, no ORM loading.

    The row is built from the query's columns and added to ``db`` as if the ORM had loaded
    it, so changes to it are written with the caller's transaction as usual.
    """
    present = db.identity_map.get(identity_key(SubjectRow, subject_id))
    if isinstance(present, SubjectRow):
        return present
    subject = subject_row(db, subject_id)
    if subject is not None:
        db.add(subject)
    return subject


def checked_grant(grant: SubjectGrant | None, need: Permission) -> SubjectGrant:
    """``grant`` if it allows ``need``; else the one 404 for 'absent' and 'not yours', or
    403 for a record the caller may see but not act on this way."""
    if grant is None or Permission.view not in grant.permissions:
        raise not_found_subject()
    if need not in grant.permissions:
        raise ProblemError(403, "permission-denied", "Your mandate does not allow this.")
    return grant


def require_subject(
    db: Session, ctx: ServerContext, account: AccountRow, subject_id: uuid.UUID, need: Permission
) -> SubjectGrant:
    """The caller's grant on a subject, or the one 404 for 'absent' and 'not yours'."""
    subject = load_subject(db, subject_id)
    return checked_grant(_grant(db, ctx, account, subject) if subject is not None else None, need)


def require_relation(
    db: Session,
    ctx: ServerContext,
    account: AccountRow,
    subject_id: uuid.UUID,
    relations: frozenset[Relation],
) -> SubjectGrant:
    """For acts that belong to people, not mandates (managing representatives, reading the
    access log): the caller must be one of ``relations``. A delegate who may view gets 403,
    anyone who may not see the record the usual 404."""
    grant = require_subject(db, ctx, account, subject_id, Permission.view)
    if grant.relation not in relations:
        raise ProblemError(403, "permission-denied", "Only the victim or staff may do this.")
    return grant


SELF_OR_STAFF: frozenset[Relation] = frozenset({"self", "staff"})


def require_role(
    db: Session,
    ctx: ServerContext,
    account: AccountRow,
    subject_id: uuid.UUID,
    roles: frozenset[Role],
    refusal: str,
) -> SubjectRow:
    """For acts that belong to roles, not to a relation with the record: an account with one
    of ``roles`` may act on any record. Anyone else gets 403 (``refusal``) on a record they
    can see and the usual 404 on one they cannot."""
    if account.role in roles:  # a str enum: its members equal their values
        subject = db.get(SubjectRow, subject_id)
        if subject is None:
            raise not_found_subject()
        return subject
    require_subject(db, ctx, account, subject_id, Permission.view)
    raise ProblemError(403, "permission-denied", refusal)


def require_plan_reader(
    db: Session, ctx: ServerContext, account: AccountRow, subject_id: uuid.UUID
) -> SubjectRow:
    """Notifiers (and staff) may ask for any record's notification plan; nobody else may."""
    return require_role(
        db, ctx, account, subject_id, _PLAN_READERS, "Only notifiers and staff may do this."
    )


def require_notifier(
    db: Session, ctx: ServerContext, account: AccountRow, subject_id: uuid.UUID
) -> SubjectRow:
    """Only notifiers record findings."""
    return require_role(db, ctx, account, subject_id, _NOTIFIERS, _ONLY_NOTIFIERS)


def require_notifier_account(account: AccountRow) -> None:
    """For notifier work on no record in particular (deliveries, the scheduled step)."""
    if account.role not in _NOTIFIERS:
        raise ProblemError(403, "permission-denied", _ONLY_NOTIFIERS)


_PLAN_READERS = frozenset({Role.notifier, Role.staff})
_NOTIFIERS = frozenset({Role.notifier})
_ONLY_NOTIFIERS = "Only notifiers may do this."


_INSERT_ACCESS_LOG = Prepared(insert_all(core_table(AccessLogRow)))


def log_access(
    db: Database,
    ctx: ServerContext,
    subject_id: uuid.UUID,
    account: Actor | None,
    action: str,
    reason: str | None = None,
) -> None:
    """Add an audit row in the caller's transaction; it commits (or rolls back) with it.

    A Core insert, so it runs now rather than at the next flush: objects the caller added
    but did not flush yet (the row may refer to them) are flushed first.
    """
    if isinstance(db, Session) and db.new:
        db.flush()
    label = None
    if account is not None and account.role != Role.victim.value:
        label = account.username
    _INSERT_ACCESS_LOG.run(
        connection_of(db),
        {
            "subject_id": subject_id,
            "actor_account_id": account.id if account is not None else None,
            "actor_role": account.role if account is not None else None,
            "actor_label": label,
            "action": action,
            "reason": reason,
            "at": ctx.now(),
        },
    )


def subjects_for(db: Session, ctx: ServerContext, account: AccountRow) -> list[SubjectAccess]:
    """The subjects listed in GET /v1/me. Staff may act for any record, so none are listed."""
    found: list[SubjectAccess] = []
    own = db.scalars(select(SubjectRow).where(SubjectRow.account_id == account.id))
    for subject in own:
        found.append(
            SubjectAccess(
                subject_id=subject.id,
                relation="self",
                permissions=sorted(_ALL),
                questions_changed=questions_changed(db, subject),
            )
        )
    if account.role == Role.representative.value:
        rows = db.execute(
            select(DelegationRow, SubjectRow)
            .join(SubjectRow, SubjectRow.id == DelegationRow.subject_id)
            .where(DelegationRow.representative_id == account.id)
        )
        for delegation, subject in rows:
            permissions = delegation_permissions(delegation, subject, ctx)
            if permissions:
                found.append(
                    SubjectAccess(
                        subject_id=subject.id,
                        relation="delegate",
                        permissions=sorted(permissions),
                        delegation_id=delegation.id,
                        label=subject.reference,
                        questions_changed=questions_changed(db, subject),
                    )
                )
    return found
