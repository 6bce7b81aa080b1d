"""The bound on a request body, as pure ASGI middleware.

A declared ``Content-Length`` over the limit is refused before anything is read, and a
streamed (chunked) body is counted as it arrives and refused as soon as it passes the
limit, so the server never holds more than about one limit's worth of it. The header block
is bounded by the HTTP server: see :mod:`consent_server.http_protocol`.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from consent_common.models import Problem
from consent_server.problems import PROBLEM_BASE, problem_response

TOO_LARGE = 413


class BodySizeLimit:
    """Refuse request bodies longer than ``max_bytes`` with 413, before reading them."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _declared_length(scope)
        if declared is not None and declared > self.max_bytes:
            # Answered here, whatever the route: the body is never read.
            await problem_response(_too_large())(scope, receive, send)
            return
        received = 0

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    # Raised inside the app, whose problem handler answers 413.
                    raise HTTPException(TOO_LARGE)
            return message

        await self.app(scope, counted_receive, send)


def _too_large() -> Problem:
    return Problem(
        type=PROBLEM_BASE + "too-large", title="The request is too large.", status=TOO_LARGE
    )


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None  # the HTTP server refuses a malformed length before we see it
    return None
