"""``consent-server serve --workers N``: several uvicorn processes on one PostgreSQL.

uvicorn starts the workers (fresh interpreters) and restarts one that dies; each builds its
own app from the ``CONSENT_*`` environment with :func:`create_worker_app`. Everything the
processes must agree on is in the database (sessions, idempotency keys, rate-limit
counters) or derived from the data key (device tokens, rate-limit key hashing), so a
request may land on any of them.
"""

from __future__ import annotations

import os

from fastapi import FastAPI

from consent_server.log_format import configure_logging
from consent_server.settings import ServerSettings


def prepare_workers(settings: ServerSettings) -> None:
    """Check the settings and migrate once, before any worker starts.

    A missing data key or an unusable rate-limit store is reported here, once, instead of
    by every worker; and the workers do not race each other to migrate.
    """
    from consent_server.context import build_context
    from consent_server.schema import ensure_schema

    context = build_context(settings)
    try:
        ensure_schema(context.engine, settings.auto_migrate, lambda: context.cipher)
    finally:
        context.engine.dispose()
    # The workers read their settings from the environment: an address read from
    # --database-url-file reaches them there (never as an argument, which `ps` shows).
    os.environ["CONSENT_DATABASE_URL"] = settings.database_url


def create_worker_app() -> FastAPI:
    """The app of one worker process (uvicorn's ``factory``)."""
    from consent_server.app import create_app

    configure_logging()
    return create_app(ServerSettings())
