"""The most frequent operations answered without FastAPI's per-request machinery.

Why: on GET / PUT of preferences, FastAPI's request handling (a ``Request`` and two exit
stacks per request, solving the dependency graph, reading each declared parameter, the
response plumbing) cost about as much Python as our own work, and Starlette's and FastAPI's
middleware and route matching in front of it another seventh (bench/hot_path.py,
docs/benchmarks.md section 3). The operations stay declared as ordinary FastAPI routes —
the published contract is generated from them, and FastAPI still answers every request the
fast path does not take — but a route made with :class:`FastRoute` may have a fast handler,
to which ``consent_server.fast_dispatch`` offers the request before FastAPI sees it.

A fast handler only takes the plain, well-formed case: it reads what it needs from the raw
request, and when anything is unusual (a query string, a path parameter not in canonical
form, no bearer token, a body that is not plain JSON, has a field twice, or does not
validate) it declines *before doing anything*, and FastAPI handles the request as before,
body included. So every refusal and its order (422 for JSON, then the app-wide checks, then
401, 404, 403, the header checks, then body validation) is FastAPI's own; the fast handler
raises the same ``ProblemError`` s from the same shared functions, which the app's problem
handlers answer. It stands in for the app-wide checks (a field named twice, an
unknown query parameter) by declining; tests/server/test_fast_path.py fails when another
app-wide or route dependency is added that it does not know.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Awaitable, Callable
from typing import TypeVar

from fastapi.routing import APIRoute
from fastapi.security.utils import get_authorization_scheme_param
from pydantic import TypeAdapter, ValidationError
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.types import Message, Receive, Scope

from consent_server.context import ServerContext
from consent_server.json_bodies import has_duplicate_keys

_JSON_MEDIA_TYPE = "application/json"
T = TypeVar("T")


class Declined(Exception):
    """The request is not the plain case: FastAPI handles it."""


class Incoming:
    """One request as a fast handler sees it; its body is kept to replay to FastAPI."""

    def __init__(self, scope: Scope, receive: Receive, path_params: dict[str, str]) -> None:
        self.scope = scope
        self.path_params = path_params
        self.headers = Headers(scope=scope)
        self._receive = receive
        self._body: bytes | None = None

    @property
    def context(self) -> ServerContext:
        context: ServerContext = self.scope["app"].state.context
        return context

    def no_query(self) -> None:
        """Operations that take no query parameters: any is FastAPI's to refuse."""
        if self.scope.get("query_string"):
            raise Declined

    def path_uuid(self, name: str) -> uuid.UUID:
        """A path parameter in the canonical UUID form (other spellings go to FastAPI)."""
        text = self.path_params[name]
        try:
            parsed = uuid.UUID(text)
        except ValueError:
            raise Declined from None
        if str(parsed) != text:
            raise Declined
        return parsed

    def bearer(self) -> str:
        """The bearer token, parsed as FastAPI's ``HTTPBearer`` does; none: FastAPI's 401."""
        scheme, credentials = get_authorization_scheme_param(self.headers.get("authorization"))
        if not (scheme and credentials) or scheme.lower() != "bearer":
            raise Declined
        return credentials

    async def body(self) -> bytes:
        """The whole body, read as Starlette reads it (and kept for FastAPI if declined)."""
        if self._body is None:
            chunks: list[bytes] = []
            try:
                while True:
                    message = await self._receive()
                    if message["type"] == "http.request":
                        chunks.append(message.get("body", b""))
                        if not message.get("more_body", False):
                            break
                    else:  # the client went away
                        raise HTTPException(400, "There was an error parsing the body")
            except HTTPException:
                raise  # e.g. 413 from the body limit, as under FastAPI
            except Exception as error:  # what FastAPI answers when reading fails
                raise HTTPException(400, "There was an error parsing the body") from error
            self._body = b"".join(chunks)
        return self._body

    async def json_body(self, model: TypeAdapter[T]) -> T:
        """The body as ``model``, validated as FastAPI validates a body parameter."""
        content_type = self.headers.get("content-type", "")
        if content_type.partition(";")[0].strip().lower() != _JSON_MEDIA_TYPE:
            raise Declined
        raw = await self.body()
        if not raw or has_duplicate_keys(raw):
            raise Declined
        try:
            parsed = json.loads(raw)
        except ValueError:  # not JSON (or not text): FastAPI's 422
            raise Declined from None
        try:
            # As FastAPI does: the parsed JSON validated in Python mode.
            return model.validate_python(parsed, from_attributes=True)
        except ValidationError:
            raise Declined from None

    def replay(self) -> Receive:
        """The request's ``receive`` for FastAPI, giving back the body already read."""
        body, receive = self._body, self._receive
        if body is None:
            return receive
        given = False

        async def replaying() -> Message:
            nonlocal given
            if given:
                return await receive()
            given = True
            return {"type": "http.request", "body": body, "more_body": False}

        return replaying


FastHandler = Callable[[Incoming], Awaitable[Response]]


class FastRoute(APIRoute):
    """An ``APIRoute`` whose operation may also have a fast handler.

    The handler is looked up by the route's operation id in ``fast_handlers`` (set on the
    class by the router that uses it) each time a request comes, so the route's
    declaration, and with it the published contract, is exactly what it would be without
    it, and an empty ``fast_handlers`` switches the fast path off.
    """

    fast_handlers: dict[str, FastHandler] = {}  # noqa: RUF012 - replaced, never mutated

    def fast_handler(self) -> FastHandler | None:
        return self.fast_handlers.get(self.operation_id or "")
