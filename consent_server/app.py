"""The FastAPI application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from fastapi.telemetry import TelemetryConfig

from consent_server import contract
from consent_server.context import ServerContext, build_context
from consent_server.fast_dispatch import FastDispatch
from consent_server.json_bodies import refuse_duplicate_keys
from consent_server.middleware import SafetyMiddleware
from consent_server.problems import install_problem_handlers
from consent_server.request_limits import BodySizeLimit
from consent_server.routers import (
    access_log,
    delegations,
    deliveries,
    findings,
    health,
    invitations,
    me,
    notices,
    notification_plan,
    preferences,
    questions,
    registrations,
    sessions,
    subjects,
)
from consent_server.schema import ensure_schema
from consent_server.settings import ServerSettings
from consent_server.strict_query import refuse_unknown_query_parameters

# FastAPI would trace every request, and record failures with their messages, as soon as
# the process has an OpenTelemetry provider (auto-instrumentation installs one): with
# concrete paths (a record's id) and messages that can hold what a person typed, which the
# server's own logs leave out. None of it, whatever is installed.
NO_TELEMETRY: TelemetryConfig = {
    "tracing": False,
    "metrics": False,
    "logs": False,
    "operation_spans": False,
    "auto_configure": False,
}


def create_app(settings: ServerSettings | None = None) -> FastAPI:
    """Build the app on a migrated database.

    The schema is brought to the newest revision here (not in the lifespan), so the app
    also works under transports that skip lifespan events, such as ``httpx.ASGITransport``.
    With ``auto_migrate=False`` an out-of-date schema raises ``SchemaOutOfDateError``.
    """
    settings = settings or ServerSettings()
    context = build_context(settings)
    ensure_schema(context.engine, settings.auto_migrate, lambda: context.cipher)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        context.engine.dispose()

    app = FastAPI(
        title="Consent preferences API",
        version="1",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
        dependencies=[Depends(refuse_duplicate_keys), Depends(refuse_unknown_query_parameters)],
        telemetry=NO_TELEMETRY,
    )
    app.state.context = context
    install_problem_handlers(app)
    # The last one added runs first: safety (no-store, access log) wraps the body limit,
    # which wraps the fast path of the most frequent operations (before FastAPI's own).
    app.add_middleware(FastDispatch, router=app.router)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_request_body_bytes)
    contract.install(app)
    app.add_middleware(SafetyMiddleware)
    # Preferences first: most requests are a GET or PUT of them, and routing tries the
    # routers in this order (their paths are disjoint, so the order decides nothing else).
    for module in (
        preferences,
        health,
        registrations,
        sessions,
        me,
        subjects,
        delegations,
        invitations,
        notification_plan,
        access_log,
        questions,
        findings,
        deliveries,
        notices,
    ):
        app.include_router(module.router)
    return app


def context_of(app: FastAPI) -> ServerContext:
    """The shared server context of an app made by :func:`create_app` (for tests and tools)."""
    context: ServerContext = app.state.context
    return context
