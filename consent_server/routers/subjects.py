"""Staff: create victim records and issue activation codes."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, status

from api_client.models import ActivationCode, ActivationCodeRequest, Subject, SubjectCreate
from consent_server import admin
from consent_server.access import log_access
from consent_server.deps import Context, Db, StaffAccount
from consent_server.problems import ProblemError, not_found_subject
from consent_server.routers import PROBLEM_RESPONSES
from consent_server.tables import SubjectRow

router = APIRouter(tags=["subjects"], responses=PROBLEM_RESPONSES)


def subject_model(subject: SubjectRow) -> Subject:
    return Subject(
        id=subject.id,
        reference=subject.reference,
        date_of_birth=subject.date_of_birth,
        language=subject.language,
        has_account=subject.account_id is not None,
        needs_reconsent=subject.needs_reconsent,
    )


@router.post("/v1/subjects", status_code=status.HTTP_201_CREATED)
def create_subject(body: SubjectCreate, staff: StaffAccount, ctx: Context, db: Db) -> Subject:
    try:
        subject = admin.create_subject(
            db, ctx.settings, body.reference, body.date_of_birth, body.language, created_by=staff.id
        )
    except admin.AdminError:
        raise ProblemError(409, "reference-taken", "A record with this reference exists.") from None
    log_access(db, ctx, subject.id, staff, "subject.create")
    db.commit()
    return subject_model(subject)


@router.post("/v1/subjects/{subject_id}/activation-codes", status_code=status.HTTP_201_CREATED)
def issue_code(
    subject_id: uuid.UUID, body: ActivationCodeRequest, staff: StaffAccount, ctx: Context, db: Db
) -> ActivationCode:
    if db.get(SubjectRow, subject_id) is None:
        raise not_found_subject()
    try:
        code, expires_at = admin.issue_activation_code_with_expiry(
            db, ctx.settings, subject_id, body.role, issued_by=staff.id
        )
    except admin.AdminError:
        raise ProblemError(
            409, "subject-has-account", "This record already has an account."
        ) from None
    log_access(db, ctx, subject_id, staff, "activation-code.issue")
    db.commit()
    return ActivationCode(code=code, expires_at=expires_at)
