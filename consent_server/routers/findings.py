"""Findings (notifier), the scheduled digest step, and the staff first-contact work-list."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Header
from fastapi.responses import JSONResponse
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from consent_common.models import Page
from consent_common.notices import DigestRun, Finding, FindingCreate, FirstContact
from consent_server import idempotency, operations
from consent_server.access import log_access, require_notifier, require_notifier_account
from consent_server.deps import Context, CurrentAccount, Db, StaffAccount
from consent_server.digests import run_digests
from consent_server.due import delivery_of
from consent_server.findings import deliveries_of, record_finding
from consent_server.notice_tables import FindingRow, FirstContactRow
from consent_server.paging import Limit
from consent_server.plans import notification_plan
from consent_server.problems import ProblemError, not_found_subject
from consent_server.routers.common import ContractRouter
from consent_server.row_models import model_from_row
from consent_server.tables import AccountRow, SubjectRow

router = ContractRouter()


def finding_model(db: Session, row: FindingRow) -> Finding:
    return model_from_row(
        Finding, row, deliveries=[delivery_of(d) for d in deliveries_of(db, row.id)]
    )


def _earlier(
    db: Session, account: AccountRow, key: str, subject_id: uuid.UUID, request_hash: str
) -> FindingRow | None:
    found = db.scalars(
        select(FindingRow).where(
            FindingRow.created_by == account.id, FindingRow.idempotency_key == key
        )
    ).one_or_none()
    if found is not None and (found.request_hash != request_hash or found.subject_id != subject_id):
        raise ProblemError(
            422, "idempotency-key-reused", "This Idempotency-Key was used for a different request."
        )
    return found


@router.operation(operations.RECORD_FINDING, response_model=Finding)
async def create_finding(
    subject_id: uuid.UUID,
    body: FindingCreate,
    account: CurrentAccount,
    ctx: Context,
    db: Db,
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> JSONResponse:
    """Record a finding; the answer holds one delivery per recipient (docs/notices.md).

    The same Idempotency-Key with the same body gives the first answer again.
    """
    subject = require_notifier(db, ctx, account, subject_id)
    key = idempotency.check_key(idempotency_key)
    request_hash = idempotency.fingerprint(f"POST findings {subject_id}", body)
    earlier = _earlier(db, account, key, subject_id, request_hash)
    if earlier is None:
        plan = notification_plan(db, ctx, subject)
        row = FindingRow(
            id=uuid.uuid4(),
            subject_id=subject_id,
            kind=body.kind.value,
            case_reference=body.case_reference,
            authority=body.authority,
            join_deadline=body.join_deadline,
            created_at=ctx.now(),
            created_by=account.id,
            idempotency_key=key,
            request_hash=request_hash,
        )
        try:
            record_finding(db, ctx, account, subject, plan, row)
            db.commit()
        except IntegrityError:  # the same key arrived twice at once: answer with the first
            db.rollback()
            row = _earlier(db, account, key, subject_id, request_hash)  # type: ignore[assignment]
            if row is None:
                raise
    else:
        row = earlier
        log_access(db, ctx, subject_id, account, "finding.replayed")
        db.commit()
    return JSONResponse(finding_model(db, row).model_dump(mode="json"), status_code=201)


@router.operation(operations.RUN_DIGESTS)
async def run_scheduled_step(account: CurrentAccount, ctx: Context, db: Db) -> DigestRun:
    """Release digests whose period ended and findings whose pause ended (notifier)."""
    require_notifier_account(account)
    return run_digests(db, ctx)


@router.operation(operations.LIST_FIRST_CONTACTS)
async def first_contacts(
    staff: StaffAccount,
    ctx: Context,
    db: Db,
    limit: Limit = 50,
) -> Page[FirstContact]:
    """Records with findings for someone who has not decided yet: ask in a safe first contact."""
    rows = db.execute(
        select(FirstContactRow, SubjectRow)
        .join(SubjectRow, SubjectRow.id == FirstContactRow.subject_id)
        .where(FirstContactRow.done_at.is_(None))
        .order_by(FirstContactRow.since, FirstContactRow.subject_id)
        .limit(limit)
    ).all()
    for contact, _subject in rows:
        log_access(db, ctx, contact.subject_id, staff, "first-contact.list")
    db.commit()
    return Page[FirstContact](
        items=[
            model_from_row(FirstContact, contact, reference=subject.reference)
            for contact, subject in rows
        ]
    )


@router.operation(operations.FINISH_FIRST_CONTACT)
async def first_contact_done(
    subject_id: uuid.UUID, staff: StaffAccount, ctx: Context, db: Db
) -> None:
    """Staff had the safe first contact: the record leaves the work-list."""
    row = db.get(FirstContactRow, subject_id)
    if row is None or row.done_at is not None:
        raise not_found_subject()
    row.done_at = ctx.now()
    log_access(db, ctx, subject_id, staff, "first-contact.done")
    db.commit()
