"""A victim's representatives: list, add, verify or flag (staff), revoke."""

from __future__ import annotations

import uuid

from fastapi import Response, status

from consent_common.models import Delegation, DelegationCreate, DelegationUpdate
from consent_server import delegations, operations
from consent_server.access import SELF_OR_STAFF, log_access, require_relation
from consent_server.deps import Context, CurrentAccount, Db, StaffAccount
from consent_server.problems import field_problem
from consent_server.routers.common import ContractRouter

router = ContractRouter()


@router.operation(operations.LIST_DELEGATIONS)
async def list_delegations(
    subject_id: uuid.UUID, account: CurrentAccount, ctx: Context, db: Db
) -> list[Delegation]:
    require_relation(db, ctx, account, subject_id, SELF_OR_STAFF)
    found = delegations.list_for_subject(db, ctx, subject_id)
    log_access(db, ctx, subject_id, account, "delegations.read")
    db.commit()
    return found


@router.operation(operations.CREATE_DELEGATION)
async def create_delegation(
    subject_id: uuid.UUID, body: DelegationCreate, account: CurrentAccount, ctx: Context, db: Db
) -> Delegation:
    grant = require_relation(db, ctx, account, subject_id, SELF_OR_STAFF)
    if body.evidence is not None and grant.relation != "staff":
        # Evidence is what staff checked; a victim's own note must not look like a check.
        raise field_problem(
            "evidence-staff-only", ["body", "evidence"], "Only staff record evidence."
        )
    delegations.check_valid_until(body.valid_until, ctx)
    representative = delegations.find_representative(db, body.representative_username)
    row = delegations.create(
        db,
        ctx,
        grant.subject,
        representative,
        kind=body.kind,
        permissions=body.permissions,
        valid_until=body.valid_until,
        evidence=body.evidence,
        created_by=account.id,
    )
    log_access(db, ctx, subject_id, account, "delegation.create", representative.username)
    db.commit()
    return delegations.delegation_model(row, representative, ctx)


@router.operation(operations.UPDATE_DELEGATION)
async def update_delegation(
    subject_id: uuid.UUID,
    delegation_id: uuid.UUID,
    body: DelegationUpdate,
    staff: StaffAccount,
    ctx: Context,
    db: Db,
) -> Delegation:
    """Staff only: verify a mandate, record evidence, flag a conflict of interest."""
    require_relation(db, ctx, staff, subject_id, SELF_OR_STAFF)
    delegation, representative = delegations.find_in_subject(db, subject_id, delegation_id)
    changes = delegations.update(delegation, body, staff)
    for change in changes:
        log_access(db, ctx, subject_id, staff, f"delegation.{change}", representative.username)
    if not changes:
        # Nothing to change, but the answer still shows the mandate: that is a read.
        log_access(db, ctx, subject_id, staff, "delegation.read", representative.username)
    db.commit()
    return delegations.delegation_model(delegation, representative, ctx)


@router.operation(operations.REVOKE_DELEGATION)
async def revoke_delegation(
    subject_id: uuid.UUID, delegation_id: uuid.UUID, account: CurrentAccount, ctx: Context, db: Db
) -> Response:
    require_relation(db, ctx, account, subject_id, SELF_OR_STAFF)
    delegation, representative = delegations.find_in_subject(db, subject_id, delegation_id)
    delegations.revoke(delegation, ctx)
    log_access(db, ctx, subject_id, account, "delegation.revoke", representative.username)
    db.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
