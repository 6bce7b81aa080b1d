"""Representatives' mandates: making, listing, verifying, flagging and revoking them.

Access itself is worked out in :mod:`consent_server.access` on every request, so a change
here (a revocation, a conflict of interest) holds for the representative's very next call,
whatever tokens they hold.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from consent_common import models
from consent_server.access import delegation_permissions
from consent_server.context import ServerContext
from consent_server.problems import ProblemError, field_problem
from consent_server.row_models import model_from_row
from consent_server.tables import AccountRow, DelegationRow, SubjectRow


def is_active(delegation: DelegationRow, ctx: ServerContext) -> bool:
    """Within its validity and not revoked (a conflict of interest narrows, not ends, it)."""
    now = ctx.now()
    return (
        delegation.revoked_at is None
        and delegation.valid_from <= now
        and (delegation.valid_until is None or delegation.valid_until >= now.date())
    )


def delegation_model(
    delegation: DelegationRow, representative: AccountRow, ctx: ServerContext
) -> models.Delegation:
    return model_from_row(
        models.Delegation,
        delegation,
        representative_id=representative.id,
        representative_username=representative.username,
        active=is_active(delegation, ctx),
    )


def list_for_subject(
    db: Session, ctx: ServerContext, subject_id: uuid.UUID
) -> list[models.Delegation]:
    """Every mandate, revoked and expired ones too, oldest first.

    A mandate whose representative deleted their account grants nothing and is left out.
    """
    rows = db.execute(
        select(DelegationRow, AccountRow)
        .join(AccountRow, AccountRow.id == DelegationRow.representative_id)
        .where(DelegationRow.subject_id == subject_id)
        .order_by(DelegationRow.created_at, DelegationRow.id)
    )
    return [delegation_model(delegation, account, ctx) for delegation, account in rows]


def find_in_subject(
    db: Session, subject_id: uuid.UUID, delegation_id: uuid.UUID
) -> tuple[DelegationRow, AccountRow]:
    found = db.execute(
        select(DelegationRow, AccountRow)
        .join(AccountRow, AccountRow.id == DelegationRow.representative_id)
        .where(DelegationRow.id == delegation_id, DelegationRow.subject_id == subject_id)
    ).one_or_none()
    if found is None:
        raise ProblemError(404, "delegation-not-found", "No such representative.")
    return found[0], found[1]


def find_representative(db: Session, username: str) -> AccountRow:
    """A representative account by username; anything else gets one and the same answer."""
    account = db.scalars(
        select(AccountRow).where(AccountRow.username_key == username.lower())
    ).first()
    if account is None or account.role != models.Role.representative.value:
        raise field_problem(
            "unknown-representative",
            ["body", "representative_username"],
            "There is no representative account with this username.",
        )
    return account


def check_valid_until(valid_until: dt.date | None, ctx: ServerContext) -> None:
    if valid_until is not None and valid_until < ctx.now().date():
        raise field_problem(
            "valid-until-in-past", ["body", "valid_until"], "The end date has passed."
        )


def _normalised(permissions: Iterable[models.Permission]) -> list[str]:
    return sorted({permission.value for permission in permissions})


def create(
    db: Session,
    ctx: ServerContext,
    subject: SubjectRow,
    representative: AccountRow,
    *,
    kind: models.DelegationKind,
    permissions: Iterable[models.Permission],
    valid_until: dt.date | None,
    evidence: str | None,
    created_by: uuid.UUID | None,
) -> DelegationRow:
    """A new mandate from now on; one working mandate per representative and record.

    Does not commit.
    """
    existing = db.scalars(
        select(DelegationRow).where(
            DelegationRow.subject_id == subject.id,
            DelegationRow.representative_id == representative.id,
        )
    )
    if any(delegation_permissions(row, subject, ctx) for row in existing):
        raise ProblemError(
            409, "delegation-exists", "This representative already acts for this person."
        )
    now = ctx.now()
    row = DelegationRow(
        subject_id=subject.id,
        representative_id=representative.id,
        kind=kind.value,
        permissions=_normalised(permissions),
        evidence=evidence,
        verified_by=None,
        valid_from=now,
        valid_until=valid_until,
        revoked_at=None,
        conflict_of_interest=False,
        created_at=now,
        created_by=created_by,
    )
    db.add(row)
    db.flush()
    return row


def update(
    delegation: DelegationRow, body: models.DelegationUpdate, staff: AccountRow
) -> list[str]:
    """Apply a staff PATCH; returns what changed, for the access log."""
    changed: list[str] = []
    if body.conflict_of_interest is not None:
        delegation.conflict_of_interest = body.conflict_of_interest
        changed.append("conflict-of-interest")
    if body.verified is not None:
        delegation.verified_by = staff.id if body.verified else None
        changed.append("verified")
    if body.evidence is not None:
        delegation.evidence = body.evidence
        changed.append("evidence")
    return changed


def revoke(delegation: DelegationRow, ctx: ServerContext) -> None:
    """At once; revoking twice keeps the first moment."""
    if delegation.revoked_at is None:
        delegation.revoked_at = ctx.now()
