"""Request-wide safety: refuse tokens in URLs, forbid caching, log without personal data."""

from __future__ import annotations

import logging
from urllib.parse import parse_qsl

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from consent_common.models import Problem
from consent_server.problems import PROBLEM_BASE, problem_response

TOKEN_QUERY_PARAMETERS = frozenset({"access_token", "token", "refresh_token", "id_token"})
access_logger = logging.getLogger("consent_server.access")


class SafetyMiddleware:
    """Pure ASGI (no per-request task), so it costs almost nothing on the hot path."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500

        async def send_safely(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = MutableHeaders(scope=message)
                headers["Cache-Control"] = "no-store"
            await send(message)

        try:
            if _has_token_in_query(scope):
                problem = Problem(
                    type=PROBLEM_BASE + "token-in-query",
                    title="Tokens must not be sent in the address.",
                    status=400,
                )
                await problem_response(problem)(scope, receive, send_safely)
                return
            await self.app(scope, receive, send_safely)
        finally:
            route = scope.get("route")
            # The route template (/v1/subjects/{subject_id}/...), never the concrete path or query.
            template = getattr(route, "path", "<unmatched>")
            access_logger.info("%s %s %s", scope.get("method"), template, status)


def _has_token_in_query(scope: Scope) -> bool:
    raw = scope.get("query_string", b"")
    if not raw:
        return False
    names = {name.lower() for name, _ in parse_qsl(raw.decode("latin-1"), keep_blank_values=True)}
    return not names.isdisjoint(TOKEN_QUERY_PARAMETERS)
