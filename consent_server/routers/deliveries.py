"""Queued deliveries for the notifier: those whose safe window is open now, and outcomes."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import Query

from consent_common.notices import Delivery, DueDelivery, OutcomeCreate
from consent_server import operations
from consent_server.access import require_notifier_account
from consent_server.deps import Context, CurrentAccount, Db
from consent_server.due import delivery_of, due_now, record_outcome
from consent_server.notice_tables import DeliveryRow
from consent_server.paging import Limit
from consent_server.problems import ProblemError
from consent_server.routers.common import ContractRouter

router = ContractRouter()


@router.operation(operations.LIST_DUE_DELIVERIES)
async def due_deliveries(
    account: CurrentAccount,
    ctx: Context,
    db: Db,
    due: Annotated[Literal["now"], Query(description="Only 'now' is supported.")],
    limit: Limit = 50,
) -> list[DueDelivery]:
    """Deliveries to make now, oldest first, with the address and the constraints to honour.

    Each listing is written in the victim's access log. Call again for the next ones.
    """
    require_notifier_account(account)
    return due_now(db, ctx, account, limit)


@router.operation(operations.RECORD_OUTCOME)
async def delivery_outcome(
    delivery_id: uuid.UUID,
    body: OutcomeCreate,
    account: CurrentAccount,
    ctx: Context,
    db: Db,
) -> Delivery:
    require_notifier_account(account)
    row = db.get(DeliveryRow, delivery_id)
    if row is None:
        raise ProblemError(404, "delivery-not-found", "There is no such delivery.")
    return delivery_of(record_outcome(db, ctx, account, row, body.outcome, body.at))
