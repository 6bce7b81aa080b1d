"""GET /v1/subjects/{id}/notification-plan: the notifier's question, answered and audited."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query

from consent_common.models import NotificationPlan
from consent_server import operations
from consent_server.access import log_access, require_plan_reader
from consent_server.deps import Context, CurrentAccount, Db
from consent_server.plans import notification_plan
from consent_server.routers.common import ContractRouter

router = ContractRouter()
DEFAULT_REASON = "notification-check"
REASON_PATTERN = r"^[A-Za-z0-9_ .,:;/()#'-]+$"


@router.operation(operations.READ_NOTIFICATION_PLAN)
async def read_notification_plan(
    subject_id: uuid.UUID,
    account: CurrentAccount,
    ctx: Context,
    db: Db,
    reason: Annotated[
        str | None,
        Query(
            max_length=200,
            # ASCII only, spelled out: \w would take any Unicode letter in Python (and in
            # pydantic's regex) but only ASCII in the published (ECMAScript) pattern.
            pattern=REASON_PATTERN,
            description="Why the plan is asked for (a case or finding reference); shown to "
            "the victim in the access log.",
        ),
    ] = None,
) -> NotificationPlan:
    subject = require_plan_reader(db, ctx, account, subject_id)
    plan = notification_plan(db, ctx, subject)
    log_access(db, ctx, subject_id, account, "notification-plan.read", reason or DEFAULT_REASON)
    db.commit()
    return plan
