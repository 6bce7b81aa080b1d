"""Invitations: a victim hands a one-time code to a representative, who accepts it."""

from __future__ import annotations

import uuid

from fastapi import Response, status
from sqlalchemy import select

from consent_common import activation_code
from consent_common.models import (
    Delegation,
    DelegationKind,
    Invitation,
    InvitationAccept,
    InvitationCreate,
    PendingInvitation,
    Permission,
    Role,
)
from consent_server import delegations, operations
from consent_server.access import log_access, require_relation
from consent_server.deps import Context, CurrentAccount, Db
from consent_server.problems import ProblemError, forbidden, not_found_subject
from consent_server.routers.common import ContractRouter
from consent_server.tables import InvitationRow, SubjectRow
from consent_server.tokens import code_hash

router = ContractRouter()


def invalid_invitation() -> ProblemError:
    """One answer for unknown, used and expired codes, so codes cannot be probed."""
    return ProblemError(400, "invalid-invitation-code", "This invitation code cannot be used.")


@router.operation(operations.CREATE_INVITATION)
async def create_invitation(
    body: InvitationCreate, account: CurrentAccount, ctx: Context, db: Db
) -> Invitation:
    """The victim invites someone to act for them; the code is shown once, kept as a hash."""
    require_relation(db, ctx, account, body.subject_id, frozenset({"self"}))
    delegations.check_valid_until(body.valid_until, ctx)
    code = activation_code.generate()
    now = ctx.now()
    expires_at = now + ctx.settings.invitation_ttl
    db.add(
        InvitationRow(
            code_hash=code_hash(code),
            subject_id=body.subject_id,
            kind=body.kind.value,
            permissions=sorted({permission.value for permission in body.permissions}),
            valid_until=body.valid_until,
            created_by=account.id,
            created_at=now,
            expires_at=expires_at,
        )
    )
    log_access(db, ctx, body.subject_id, account, "invitation.create", body.kind.value)
    db.commit()
    return Invitation(code=activation_code.grouped(code), expires_at=expires_at)


@router.operation(operations.ACCEPT_INVITATION)
async def accept_invitation(
    body: InvitationAccept, account: CurrentAccount, ctx: Context, db: Db
) -> Delegation:
    """A representative account turns the code into a mandate (201 with the delegation)."""
    if account.role != Role.representative.value:
        raise forbidden()
    if not activation_code.is_well_formed(body.code):
        raise invalid_invitation()
    now = ctx.now()
    invitation = db.scalars(
        select(InvitationRow).where(InvitationRow.code_hash == code_hash(body.code))
    ).first()
    if (
        invitation is None
        or invitation.used_at is not None
        or invitation.expires_at <= now
        or (invitation.valid_until is not None and invitation.valid_until < now.date())
        # The victim deleted their account since: what they offered is withdrawn with it.
        or invitation.created_by is None
    ):
        raise invalid_invitation()
    subject = db.get(SubjectRow, invitation.subject_id)
    if subject is None:  # pragma: no cover - records are never deleted
        raise not_found_subject()
    row = delegations.create(
        db,
        ctx,
        subject,
        account,
        kind=DelegationKind(invitation.kind),
        permissions=[Permission(p) for p in invitation.permissions],
        valid_until=invitation.valid_until,
        evidence=None,
        created_by=invitation.created_by,
    )
    if not invitation.claim(db, now, account.id):  # one code never makes two mandates
        db.rollback()
        raise invalid_invitation()
    log_access(db, ctx, subject.id, account, "invitation.accept", invitation.kind)
    db.commit()
    return delegations.delegation_model(row, account, ctx)


def _pending(db: Db, ctx: Context, subject_id: uuid.UUID) -> list[InvitationRow]:
    now = ctx.now()
    return list(
        db.scalars(
            select(InvitationRow)
            .where(
                InvitationRow.subject_id == subject_id,
                InvitationRow.used_at.is_(None),
                InvitationRow.expires_at > now,
                InvitationRow.created_by.is_not(None),
            )
            .order_by(InvitationRow.created_at)
        )
    )


@router.operation(operations.LIST_INVITATIONS)
async def list_invitations(
    subject_id: uuid.UUID, account: CurrentAccount, ctx: Context, db: Db
) -> list[PendingInvitation]:
    """So the victim sees who could still become a representative, and can stop it."""
    require_relation(db, ctx, account, subject_id, frozenset({"self"}))
    found = [
        PendingInvitation(
            id=row.id,
            kind=DelegationKind(row.kind),
            permissions=[Permission(p) for p in row.permissions],
            valid_until=row.valid_until,
            created_at=row.created_at,
            expires_at=row.expires_at,
        )
        for row in _pending(db, ctx, subject_id)
    ]
    log_access(db, ctx, subject_id, account, "invitations.read")
    db.commit()
    return found


@router.operation(operations.WITHDRAW_INVITATION)
async def withdraw_invitation(
    subject_id: uuid.UUID, invitation_id: uuid.UUID, account: CurrentAccount, ctx: Context, db: Db
) -> Response:
    """The code stops working now: its expiry is set to this moment (kept for the record)."""
    require_relation(db, ctx, account, subject_id, frozenset({"self"}))
    row = next((r for r in _pending(db, ctx, subject_id) if r.id == invitation_id), None)
    if row is None:
        raise ProblemError(404, "invitation-not-found", "No such invitation.")
    row.expires_at = ctx.now()
    log_access(db, ctx, subject_id, account, "invitation.withdraw", row.kind)
    db.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
