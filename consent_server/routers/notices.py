"""The in-app inbox (victim, representatives with receive_notices) and its answers."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query

from consent_common.models import Page
from consent_common.notices import Notice, NoticeResponse, NoticeResponseCreate, UnreadCount
from consent_server import operations
from consent_server.access import log_access, require_plan_reader
from consent_server.deps import Context, CurrentAccount, Db
from consent_server.inbox import notices_page, respond, responses_page, unread_count
from consent_server.paging import Limit
from consent_server.routers.common import ContractRouter

router = ContractRouter()


@router.operation(operations.LIST_MY_NOTICES)
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


@router.operation(operations.COUNT_MY_UNREAD_NOTICES)
async def my_unread_notices(account: CurrentAccount, ctx: Context, db: Db) -> UnreadCount:
    """For the home screen's "1 new message": a count, not a list (staff, notifiers: 0)."""
    return unread_count(db, ctx, account)


@router.operation(operations.ANSWER_NOTICE)
async def answer_notice(
    notice_id: uuid.UUID,
    body: NoticeResponseCreate,
    account: CurrentAccount,
    ctx: Context,
    db: Db,
) -> NoticeResponse:
    """``read`` marks it read; the other answers reach the notifier and staff."""
    return respond(db, ctx, account, notice_id, body.kind)


@router.operation(operations.LIST_NOTICE_RESPONSES)
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
