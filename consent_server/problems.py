"""Errors as RFC 9457 problem documents with stable type URIs, never echoing input."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import BaseRoute, Match

from consent_common.models import FieldError, Preferences, Problem

PROBLEM_BASE = "https://consent.invalid/problems/"
PROBLEM_MEDIA_TYPE = "application/problem+json"


class ProblemError(Exception):
    """Raise to answer with a problem document."""

    def __init__(
        self,
        status: int,
        name: str,
        title: str,
        *,
        detail: str | None = None,
        errors: list[FieldError] | None = None,
        current: Preferences | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(name)
        self.problem = Problem(
            type=PROBLEM_BASE + name,
            title=title,
            status=status,
            detail=detail,
            errors=errors,
            current=current,
        )
        self.headers = dict(headers or {})


def field_problem(name: str, loc: list[str | int], title: str) -> ProblemError:
    """A 422 about one field, with the field's location and a code, not its value."""
    return ProblemError(422, name, title, errors=[FieldError(loc=loc, code=name)])


def problem_response(problem: Problem, headers: Mapping[str, str] | None = None) -> JSONResponse:
    # Leave out empty top-level members, but keep nulls inside ``current``: they are data.
    body = {
        key: value for key, value in problem.model_dump(mode="json").items() if value is not None
    }
    return JSONResponse(
        body,
        status_code=problem.status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=dict(headers or {}),
    )


_STATUS_NAMES = {
    400: ("bad-request", "The request is not valid."),
    401: ("unauthorized", "Log in first."),
    403: ("forbidden", "You may not do this."),
    404: ("not-found", "Not found."),
    405: ("method-not-allowed", "This method is not allowed here."),
    413: ("too-large", "The request is too large."),
    415: ("unsupported-media-type", "Send JSON."),
}


async def _on_problem(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ProblemError)
    return problem_response(exc.problem, exc.headers)


def _field_error(error: Mapping[str, object]) -> FieldError:
    """Location and error type only: no message, input or context, which can echo values."""
    raw_loc = error.get("loc", ())
    loc = (
        [part for part in raw_loc if isinstance(part, str | int)]
        if isinstance(raw_loc, tuple | list)
        else []
    )
    code = str(error.get("type", "invalid"))
    if code == "extra_forbidden" and loc:
        loc = loc[:-1]  # the last part is a field name the client made up: do not repeat it
    return FieldError(loc=loc, code=code)


async def _on_validation(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [_field_error(error) for error in exc.errors()]
    problem = Problem(
        type=PROBLEM_BASE + "validation-error",
        title="Some fields are not valid.",
        status=422,
        errors=errors,
    )
    return problem_response(problem)


def leaf_routes(routes: Iterable[BaseRoute]) -> Iterator[BaseRoute]:
    """The app's own routes, looking inside included routers (which FastAPI keeps nested)."""
    for route in routes:
        included = getattr(route, "original_router", None)
        if included is not None:
            yield from leaf_routes(included.routes)
        else:
            yield route


def allowed_methods(request: Request) -> str:
    """Every method the requested path answers, over all the routes that share it.

    Starlette names only the first matching route's methods, and FastAPI makes one route per
    method, so its ``Allow`` would list one where the path has several.
    """
    methods: set[str] = set()
    probe = {"type": "http", "path": request.url.path, "method": "OPTIONS", "root_path": ""}
    for route in leaf_routes(request.app.router.routes):
        match, _ = route.matches(probe)
        if match is not Match.NONE:
            methods |= set(getattr(route, "methods", None) or ())
    return ", ".join(sorted(methods))


async def _on_http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    name, title = _STATUS_NAMES.get(exc.status_code, ("error", "The request failed."))
    problem = Problem(type=PROBLEM_BASE + name, title=title, status=exc.status_code)
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        headers["Allow"] = allowed_methods(request)
    return problem_response(problem, headers)


async def _on_unexpected(_request: Request, _exc: Exception) -> JSONResponse:
    problem = Problem(
        type=PROBLEM_BASE + "internal-error", title="Something went wrong.", status=500
    )
    # Starlette sends this answer from its outermost middleware, past SafetyMiddleware, so
    # the answer forbids caching itself, as every other answer does.
    return problem_response(problem, {"Cache-Control": "no-store"})


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ProblemError, _on_problem)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(Exception, _on_unexpected)


def not_found_subject() -> ProblemError:
    """The same answer for a subject that does not exist and one the caller may not see."""
    return ProblemError(404, "subject-not-found", "No such record.")


def forbidden() -> ProblemError:
    return ProblemError(403, "forbidden", "Your role may not do this.")


def unauthorized() -> ProblemError:
    return ProblemError(
        401,
        "unauthorized",
        "Log in first.",
        headers={"WWW-Authenticate": 'Bearer realm="consent"'},
    )
