"""Who may act for which subject, and the audit trail of every read and write."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from api_client.models import DelegationKind, Permission, Role, SubjectAccess
from consent_server.context import ServerContext
from consent_server.problems import ProblemError, not_found_subject
from consent_server.tables import AccessLogRow, AccountRow, DelegationRow, SubjectRow

Relation = Literal["self", "delegate", "staff"]
_ALL = frozenset(Permission)
_STAFF = frozenset({Permission.view, Permission.edit})


@dataclass(frozen=True)
class SubjectGrant:
    subject: SubjectRow
    relation: Relation
    permissions: frozenset[Permission]
    delegation_id: uuid.UUID | None = None


def age_on(date_of_birth: dt.date, day: dt.date) -> int:
    before_birthday = (day.month, day.day) < (date_of_birth.month, date_of_birth.day)
    return day.year - date_of_birth.year - int(before_birthday)


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


def _grant(
    db: Session, ctx: ServerContext, account: AccountRow, subject: SubjectRow
) -> SubjectGrant | None:
    if account.role == Role.staff.value:
        return SubjectGrant(subject, "staff", _STAFF)
    if subject.account_id == account.id:
        return SubjectGrant(subject, "self", _ALL)
    if account.role != Role.representative.value:
        return None
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


def require_subject(
    db: Session, ctx: ServerContext, account: AccountRow, subject_id: uuid.UUID, need: Permission
) -> SubjectGrant:
    """The caller's grant on a subject, or the one 404 for 'absent' and 'not yours'."""
    subject = db.get(SubjectRow, subject_id)
    grant = _grant(db, ctx, account, subject) if subject is not None else None
    if grant is None or Permission.view not in grant.permissions:
        raise not_found_subject()
    if need not in grant.permissions:
        raise ProblemError(403, "permission-denied", "Your mandate does not allow this.")
    return grant


def log_access(
    db: Session,
    ctx: ServerContext,
    subject_id: uuid.UUID,
    account: AccountRow | None,
    action: str,
    reason: str | None = None,
) -> None:
    """Add an audit row; it commits with the caller's transaction."""
    label = None
    if account is not None and account.role != Role.victim.value:
        label = account.username
    db.add(
        AccessLogRow(
            subject_id=subject_id,
            actor_account_id=account.id if account is not None else None,
            actor_role=account.role if account is not None else None,
            actor_label=label,
            action=action,
            reason=reason,
            at=ctx.now(),
        )
    )


def subjects_for(db: Session, ctx: ServerContext, account: AccountRow) -> list[SubjectAccess]:
    """The subjects listed in GET /v1/me. Staff may act for any record, so none are listed."""
    found: list[SubjectAccess] = []
    own = db.scalars(select(SubjectRow).where(SubjectRow.account_id == account.id))
    for subject in own:
        found.append(
            SubjectAccess(subject_id=subject.id, relation="self", permissions=sorted(_ALL))
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
                    )
                )
    return found
