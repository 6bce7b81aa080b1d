from __future__ import annotations

from fastapi import APIRouter

from consent_common.models import Health

router = APIRouter(tags=["health"])


@router.get("/v1/health", operation_id="readHealth", summary="Whether the server is up")
async def health() -> Health:
    return Health(status="ok")
