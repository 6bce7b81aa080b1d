"""Bounds on what one request may make the server hold: its body and its header block.

The body limit is pure ASGI middleware: a declared ``Content-Length`` over the limit is
refused before anything is read, and a streamed (chunked) body is counted as it arrives
and refused as soon as it passes the limit, so the server never holds more than about one
limit's worth of it. The header limit is h11's buffer bound; :class:`ProblemH11Protocol`
makes uvicorn answer it, and any other unreadable request, with a problem document
instead of its plain-text 400.
"""

from __future__ import annotations

import json
import sys

import h11
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.protocols.http.h11_impl import H11Protocol

from api_client.models import Problem
from consent_server.problems import PROBLEM_BASE, PROBLEM_MEDIA_TYPE, problem_response

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


_PROTOCOL_PROBLEMS = {
    431: ("headers-too-large", "The request headers are too large."),
    400: ("bad-request", "The request is not valid."),
}


class ProblemH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, answering unreadable requests with problem+json.

    uvicorn calls ``send_400_response`` from inside its ``except h11.RemoteProtocolError``
    block, so the error (and h11's status hint: 431 for a header block over
    ``h11_max_incomplete_event_size``) is the exception being handled.
    """

    def send_400_response(self, msg: str) -> None:
        error = sys.exception()
        hint = error.error_status_hint if isinstance(error, h11.RemoteProtocolError) else 400
        status = hint if hint in _PROTOCOL_PROBLEMS else 400
        name, title = _PROTOCOL_PROBLEMS[status]
        body = json.dumps({"type": PROBLEM_BASE + name, "title": title, "status": status}).encode()
        headers = [
            (b"content-type", PROBLEM_MEDIA_TYPE.encode()),
            (b"content-length", str(len(body)).encode()),
            (b"cache-control", b"no-store"),
            (b"connection", b"close"),
        ]
        for event in (
            h11.Response(status_code=status, headers=headers),
            h11.Data(data=body),
            h11.EndOfMessage(),
        ):
            self.transport.write(self.conn.send(event) or b"")
        self.transport.close()
