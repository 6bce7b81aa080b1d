"""The in-app inbox (victim, representatives with receive_notices) and its answers."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query

from consent_common.models import Page
from consent_common.notices import Notice, NoticeResponse, NoticeResponseCreate, UnreadCount
from consent_server.access import log_access, require_plan_reader
from consent_server.deps import Context, CurrentAccount, Db
from consent_server.inbox import notices_page, respond, responses_page, unread_count
from consent_server.paging import Limit
from consent_server.routers.common import RECORD_PROBLEMS, ContractRouter

router = ContractRouter("notices")


@router.operation(
    "GET",
    "/v1/me/notices",
    operation_id="listMyNotices",
    summary="The inbox: the caller's notices, newest first",
    ok=(200, "A page of notices; each record shown is in its access log"),
)
async def my_notices(
    account: CurrentAccount,
    ctx: Context,
    db: Db,
    subject_id: Annotated[
        uuid.UUID | None, Query(description="Only this record's notices.")
    ] = None,
    limit: Limit = 20,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> Page[Notice]:
    """Newest first. Staff and notifiers have no inbox: their list is empty."""
    return notices_page(db, ctx, account, subject_id, limit, cursor)


@router.operation(
    "GET",
    "/v1/me/notices/unread",
    operation_id="countMyUnreadNotices",
    summary="How many of the caller's notices are not read yet",
    ok=(200, "The number, in all and per record; nothing about the notices"),
)
async def my_unread_notices(account: CurrentAccount, ctx: Context, db: Db) -> UnreadCount:
    """For the home screen's "1 new message": a count, not a list (staff, notifiers: 0)."""
    return unread_count(db, ctx, account)


@router.operation(
    "POST",
    "/v1/notices/{notice_id}/responses",
    operation_id="answerNotice",
    summary="Answer a notice (its recipient)",
    ok=(201, "The answer as stored"),
    problems={404: ("notice-not-found",)},
)
async def answer_notice(
    notice_id: uuid.UUID,
    body: NoticeResponseCreate,
    account: CurrentAccount,
    ctx: Context,
    db: Db,
) -> NoticeResponse:
    """``read`` marks it read; the other answers reach the notifier and staff."""
    return respond(db, ctx, account, notice_id, body.kind)


@router.operation(
    "GET",
    "/v1/subjects/{subject_id}/notice-responses",
    operation_id="listNoticeResponses",
    summary="The answers given to a record's notices (notifier, staff)",
    ok=(200, "A page of answers, newest first"),
    problems=RECORD_PROBLEMS,
)
async def notice_responses(
    subject_id: uuid.UUID,
    account: CurrentAccount,
    ctx: Context,
    db: Db,
    limit: Limit = 50,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> Page[NoticeResponse]:
    """Notifiers and staff: what the victim and representatives answered, newest first."""
    require_plan_reader(db, ctx, account, subject_id)
    page = responses_page(db, subject_id, limit, cursor)
    log_access(db, ctx, subject_id, account, "notice-responses.read")
    db.commit()
    return page
