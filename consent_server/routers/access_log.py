"""GET /v1/subjects/{id}/access-log: who read or changed this record, when and why."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from consent_common.models import AccessLogEntry, Page, Role
from consent_server import operations
from consent_server.access import SELF_OR_STAFF, log_access, require_relation
from consent_server.deps import Context, CurrentAccount, Db
from consent_server.paging import Cursor, Limit, key_cursor, newest_first
from consent_server.routers.common import ContractRouter
from consent_server.tables import AccessLogRow

router = ContractRouter()


@router.operation(operations.READ_ACCESS_LOG)
async def read_access_log(
    subject_id: uuid.UUID,
    account: CurrentAccount,
    ctx: Context,
    db: Db,
    limit: Limit = 20,
    cursor: Cursor = None,
) -> Page[AccessLogEntry]:
    """Newest first. Reading the log is itself logged, after the page is taken."""
    require_relation(db, ctx, account, subject_id, SELF_OR_STAFF)
    query = select(AccessLogRow).where(AccessLogRow.subject_id == subject_id)
    rows = db.scalars(newest_first(query, AccessLogRow.id, limit, cursor)).all()
    items = [
        AccessLogEntry(
            at=row.at,
            actor_role=Role(row.actor_role) if row.actor_role else None,
            actor_label=row.actor_label,
            action=row.action,
            reason=row.reason,
        )
        for row in rows[:limit]
    ]
    next_cursor = key_cursor(rows, limit, lambda row: row.id)
    log_access(db, ctx, subject_id, account, "access-log.read")
    db.commit()
    return Page[AccessLogEntry](items=items, next_cursor=next_cursor)
