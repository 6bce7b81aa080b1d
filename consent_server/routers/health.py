from __future__ import annotations

from consent_common.models import Health
from consent_server import operations
from consent_server.routers.common import ContractRouter

router = ContractRouter()


@router.operation(operations.READ_HEALTH)
async def health() -> Health:
    return Health(status="ok")
