"""Offer a request to a fast handler before FastAPI's middleware and routing see it.

The fast handlers (``consent_server.fast_path``) once ran inside their FastAPI route, so a
plain GET or PUT of preferences still went through FastAPI's exception middleware and exit
stack and was matched against the app's routes one by one before the handler saw it:
about a seventh of the request (docs/benchmarks.md section 3). :class:`FastDispatch` is the
innermost of the app's own middleware: ``SafetyMiddleware`` and ``BodySizeLimit`` wrap it
as before, and Starlette's ``ServerErrorMiddleware`` wraps them all. It matches a request
by method and the route's own compiled path pattern, as Starlette's router would, and
offers it to that route's fast handler. A request it does not match, or that the handler
declines, goes on to FastAPI untouched (a body already read is given again).

What FastAPI's stack gave a fast handler still holds: a ``ProblemError`` (or an
``HTTPException``, such as the body limit's 413) is answered by the same exception handler
the app installed for it, and any other exception goes on to ``ServerErrorMiddleware``,
which answers it with the app's 500 problem and re-raises it for the server's error log,
exactly as for every other route. The access log names the route's template.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping

from fastapi.routing import APIRouter
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from consent_server.fast_path import Declined, FastHandler, FastRoute, Incoming
from consent_server.problems import leaf_routes

Handler = Callable[[Request, Exception], Response | Awaitable[Response]]


class FastDispatch:
    """Pure ASGI: a plain request to a route with a fast handler is answered here."""

    def __init__(self, app: ASGIApp, router: APIRouter) -> None:
        self.app = app
        # Built when Starlette builds the middleware stack (the first request), when every
        # router has been included. Only the app's own routes: none is mounted under a prefix.
        self.routes = _by_method(leaf_routes(router.routes))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        found = self.fast_route(scope)
        if found is None:
            await self.app(scope, receive, send)
            return
        route, fast, params = found
        incoming = Incoming(scope, receive, params)
        scope["route"] = route  # the access log's template, whatever the answer
        try:
            response = await fast(incoming)
        except Declined:
            await self.app(scope, incoming.replay(), send)
            return
        except Exception as error:
            handler = _handler_for(scope["app"].exception_handlers, error)
            if handler is None:
                raise  # ServerErrorMiddleware's 500, as for every route
            response = await _answer(handler, Request(scope, receive), error)
        await response(scope, receive, send)

    def fast_route(self, scope: Scope) -> tuple[FastRoute, FastHandler, dict[str, str]] | None:
        """The route Starlette's router would choose, its fast handler and path parameters.

        ``None`` when the route has no fast handler (or none is switched on), or when the
        request matches no such route.
        """
        if scope["type"] != "http" or scope.get("root_path"):
            return None  # under a root path, Starlette's router decides
        for route in self.routes.get(scope["method"], ()):
            match = route.path_regex.match(scope["path"])
            if match is not None:
                fast = route.fast_handler()
                if fast is None:
                    return None
                convert = route.param_convertors
                texts = match.groupdict().items()
                return route, fast, {name: convert[name].convert(text) for name, text in texts}
        return None


def _by_method(routes: Iterable[object]) -> dict[str, tuple[FastRoute, ...]]:
    """The routes that may have a fast handler, in the router's order, by method."""
    found: dict[str, list[FastRoute]] = {}
    for route in routes:
        if isinstance(route, FastRoute):
            for method in sorted(route.methods or ()):
                found.setdefault(method, []).append(route)
    return {method: tuple(each) for method, each in found.items()}


def _handler_for(handlers: Mapping[object, Handler], error: Exception) -> Handler | None:
    """The handler Starlette's ``ExceptionMiddleware`` would call for ``error``.

    Not the catch-all for ``Exception`` (or 500): Starlette gives that one to
    ``ServerErrorMiddleware``, which still wraps this middleware.
    """
    if isinstance(error, HTTPException) and error.status_code != 500:
        by_status = handlers.get(error.status_code)
        if by_status is not None:
            return by_status
    for kind in type(error).__mro__:
        if kind is Exception:
            return None
        if kind in handlers:
            return handlers[kind]
    return None


async def _answer(handler: Handler, request: Request, error: Exception) -> Response:
    answer = handler(request, error)
    return answer if isinstance(answer, Response) else await answer
