"""Victim records: create (staff), read, clear the re-consent mark (staff), issue activation
codes (staff), and the staff work-list of records due for re-consent."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import Query
from sqlalchemy import select

from consent_common.models import (
    REFERENCE_PATTERN,
    ActivationCode,
    ActivationCodeRequest,
    Page,
    Permission,
    Subject,
    SubjectCreate,
    SubjectUpdate,
)
from consent_server import admin, operations, reconsent, subject_search
from consent_server.access import log_access, require_subject
from consent_server.context import ServerContext
from consent_server.deps import Context, CurrentAccount, Db, StaffAccount
from consent_server.paging import Cursor, Limit, offset_cursor, offset_of
from consent_server.problems import ProblemError, field_problem, not_found_subject
from consent_server.routers.common import ContractRouter
from consent_server.tables import SubjectRow

router = ContractRouter()


def subject_model(subject: SubjectRow, ctx: ServerContext) -> Subject:
    return Subject(
        id=subject.id,
        reference=subject.reference,
        date_of_birth=subject.date_of_birth,
        language=subject.language,
        has_account=subject.account_id is not None,
        needs_reconsent=reconsent.needs_reconsent(subject, ctx),
    )


@router.operation(operations.FIND_SUBJECTS)
async def find_subjects(
    staff: StaffAccount,
    ctx: Context,
    db: Db,
    reference: Annotated[str | None, Query(pattern=REFERENCE_PATTERN)] = None,
    match: Annotated[Literal["exact", "prefix"], Query()] = "exact",
    recent: Annotated[bool, Query()] = False,
    limit: Annotated[int, Query(ge=1, le=50)] = 20,
    cursor: Annotated[str | None, Query(max_length=100)] = None,
) -> Page[Subject]:
    """Staff only: records by reference (exact, or prefix of at least 3 characters), or the
    records this staff member worked on most recently (``recent=true``, one page)."""
    if (reference is None) == (not recent):
        raise field_problem(
            "search-needs-one-criterion", ["query"], "Give either reference or recent=true."
        )
    if (
        reference is not None
        and match == "prefix"
        and len(reference) < subject_search.PREFIX_MIN_LENGTH
    ):
        raise field_problem(
            "reference-prefix-too-short", ["query", "reference"], "The prefix is too short."
        )
    start = offset_of(cursor)
    if reference is None:
        rows = subject_search.recent_for(db, staff.id, limit=limit)
        page, next_cursor = rows, None
    else:
        rows = subject_search.by_reference(
            db, reference, prefix=match == "prefix", offset=start, limit=limit
        )
        page = rows[:limit]
        next_cursor = offset_cursor(rows, start, limit)
    for subject in page:
        log_access(db, ctx, subject.id, staff, subject_search.FIND_ACTION)
    db.commit()
    return Page[Subject](items=[subject_model(s, ctx) for s in page], next_cursor=next_cursor)


@router.operation(operations.CREATE_SUBJECT)
async def create_subject(body: SubjectCreate, staff: StaffAccount, ctx: Context, db: Db) -> Subject:
    try:
        subject = admin.create_subject(
            db, ctx.settings, body.reference, body.date_of_birth, body.language, created_by=staff.id
        )
    except admin.BirthDateInFuture:
        raise field_problem(
            "date-of-birth-in-future",
            ["body", "date_of_birth"],
            "The date of birth is after today.",
        ) from None
    except admin.AdminError:
        raise ProblemError(409, "reference-taken", "A record with this reference exists.") from None
    log_access(db, ctx, subject.id, staff, "subject.create")
    db.commit()
    return subject_model(subject, ctx)


@router.operation(operations.READ_SUBJECT)
async def read_subject(
    subject_id: uuid.UUID, account: CurrentAccount, ctx: Context, db: Db
) -> Subject:
    """Staff, the victim, and representatives who may view."""
    grant = require_subject(db, ctx, account, subject_id, Permission.view)
    reconsent.notice_coming_of_age(grant.subject, ctx)
    log_access(db, ctx, subject_id, account, "subject.read")
    db.commit()
    return subject_model(grant.subject, ctx)


@router.operation(operations.UPDATE_SUBJECT)
async def update_subject(
    subject_id: uuid.UUID, body: SubjectUpdate, staff: StaffAccount, ctx: Context, db: Db
) -> Subject:
    """Staff only: clear (or set) the re-consent mark after the safe conversation."""
    subject = db.get(SubjectRow, subject_id)
    if subject is None:
        raise not_found_subject()
    reconsent.notice_coming_of_age(subject, ctx)
    if body.needs_reconsent is False:
        reconsent.clear(subject, ctx)
        log_access(db, ctx, subject_id, staff, "subject.reconsent-done")
    elif body.needs_reconsent is True:
        subject.needs_reconsent = True
        log_access(db, ctx, subject_id, staff, "subject.reconsent-needed")
    else:
        # Nothing to change, but the answer still shows the record: that is a read.
        log_access(db, ctx, subject_id, staff, "subject.read")
    db.commit()
    return subject_model(subject, ctx)


@router.operation(operations.READ_RECONSENT_WORK_LIST)
async def reconsent_work_list(
    staff: StaffAccount,
    ctx: Context,
    db: Db,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[Subject]:
    """Records whose victim needs a safe conversation to consent again, by reference."""
    reconsent.notice_all_comings_of_age(db, ctx)
    start = offset_of(cursor)
    rows = db.scalars(
        select(SubjectRow)
        .where(SubjectRow.needs_reconsent.is_(True))
        .order_by(SubjectRow.created_at, SubjectRow.id)
        .offset(start)
        .limit(limit + 1)
    ).all()
    page = rows[:limit]
    for subject in page:
        log_access(db, ctx, subject.id, staff, "work-list.read", "re-consent")
    db.commit()
    return Page[Subject](
        items=[subject_model(subject, ctx) for subject in page],
        next_cursor=offset_cursor(rows, start, limit),
    )


@router.operation(operations.ISSUE_ACTIVATION_CODE)
async def issue_code(
    subject_id: uuid.UUID, body: ActivationCodeRequest, staff: StaffAccount, ctx: Context, db: Db
) -> ActivationCode:
    if db.get(SubjectRow, subject_id) is None:
        raise not_found_subject()
    try:
        code, expires_at = admin.issue_activation_code(
            db, ctx.settings, subject_id, body.role, issued_by=staff.id
        )
    except admin.AdminError:
        raise ProblemError(
            409, "subject-has-account", "This record already has an account."
        ) from None
    log_access(db, ctx, subject_id, staff, "activation-code.issue")
    db.commit()
    return ActivationCode(code=code, expires_at=expires_at)
