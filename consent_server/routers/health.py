from __future__ import annotations

from fastapi import APIRouter

from consent_common.models import Health

router = APIRouter(tags=["health"])


@router.get("/v1/health")
def health() -> Health:
    return Health(status="ok")
