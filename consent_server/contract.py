"""What the published contract (``/openapi.json``) declares beyond what FastAPI infers.

One place for the parts an outside client needs and the handlers cannot express: every
problem status with its problem types, the headers a write requires (checked by the server
before the body, so they are not FastAPI parameters), response headers, the shapes of codes
and cursors, and the links from an operation's answer to the next operations.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from consent_common.models import Problem
from consent_server.problems import PROBLEM_BASE, PROBLEM_MEDIA_TYPE

Responses = dict[int | str, dict[str, Any]]

_REASONS = {
    400: "The request cannot be used",
    401: "Not logged in, or the session ended",
    403: "The caller's role or permissions do not allow this",
    404: "Not found (or not visible to the caller)",
    405: "Method not allowed",
    409: "Conflict with the current state",
    412: "If-Match is not the current version; `current` holds the current document",
    413: "The request is too large",
    415: "The body is not JSON",
    422: "The body, path or query is not valid; `errors` holds locations and codes",
    428: "If-Match is missing",
    429: "Too many attempts; wait as long as Retry-After says",
    500: "Something went wrong on the server",
}

# Problem types every operation can give, by status.
_ALWAYS: dict[int, tuple[str, ...]] = {
    400: ("token-in-query", "bad-request"),
    405: ("method-not-allowed",),
    413: ("too-large",),
    422: ("validation-error",),
    500: ("internal-error",),
}
_AUTHENTICATED: dict[int, tuple[str, ...]] = {401: ("unauthorized",)}

_HEADERS: dict[int, dict[str, Any]] = {
    401: {
        "WWW-Authenticate": {
            "description": "The scheme to log in with",
            "schema": {"type": "string"},
        }
    },
    405: {
        "Allow": {
            "description": "Every method this path answers",
            "schema": {"type": "string"},
        }
    },
    429: {
        "Retry-After": {
            "description": "Seconds to wait before trying again",
            "required": True,
            "schema": {"type": "string", "pattern": r"^\d+$"},
        },
        "x-should-retry": {
            "description": "`false` when the wait is long: ask the person, do not retry alone",
            "schema": {"type": "string", "enum": ["false"]},
        },
    },
}

ETAG_HEADER: dict[str, Any] = {
    "ETag": {
        "description": 'The version of the document, `"<version>"`; send it back as If-Match',
        "required": True,
        "schema": {"type": "string", "pattern": r'^"\d{1,9}"$'},
    }
}


def problems(
    types: Mapping[int, tuple[str, ...]], *, authenticated: bool = True, body: bool = True
) -> Responses:
    """Response declarations for the problem statuses of one operation.

    ``types`` are the operation's own problem types by status; the statuses every operation
    (or every authenticated one) can answer are added.
    """
    merged: dict[int, list[str]] = {}
    sources: list[Mapping[int, tuple[str, ...]]] = [_ALWAYS, types]
    if authenticated:
        sources.insert(1, _AUTHENTICATED)
    for source in sources:
        for status, names in source.items():
            merged.setdefault(status, [])
            merged[status] += [name for name in names if name not in merged[status]]
    if body:
        merged.setdefault(415, []).append("unsupported-media-type")
    declared: Responses = {}
    for status in sorted(merged):
        listed = ", ".join(f"`{PROBLEM_BASE}{name}`" for name in merged[status])
        entry: dict[str, Any] = {
            "model": Problem,
            "content": {PROBLEM_MEDIA_TYPE: {}},
            "description": f"{_REASONS[status]}. Problem types: {listed}.",
        }
        if status in _HEADERS:
            entry["headers"] = _HEADERS[status]
        declared[status] = entry
    return declared


def ok(status: int, description: str, **extra: Any) -> Responses:
    """The success answer of an operation, with headers or links as keyword arguments."""
    return {status: {"description": description, **extra}}


def link(operation_id: str, description: str, **parameters: str) -> dict[str, Any]:
    """An OpenAPI link: how a value in this answer feeds the next operation."""
    return {"operationId": operation_id, "parameters": parameters, "description": description}


IF_MATCH: dict[str, Any] = {
    "name": "If-Match",
    "in": "header",
    "required": True,
    "description": 'The ETag of the version this change is based on, `"<version>"` '
    '(`"0"` when nothing is recorded yet). Missing: 428. Not the current version: 412, '
    "checked before the body.",
    "schema": {"type": "string", "pattern": r'^"\d{1,9}"$', "example": '"0"'},
}
IDEMPOTENCY_KEY: dict[str, Any] = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": True,
    "description": "A new random value per change (a UUID). Sent again with the same body, "
    "the first answer is given again (for 90 days); with another body: 422 "
    "`idempotency-key-reused`. Missing: 400 `idempotency-key-missing`.",
    "schema": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": r"^[!-~]+$"},
}

WRITE_PROBLEMS: dict[int, tuple[str, ...]] = {
    400: ("idempotency-key-missing", "invalid-idempotency-key"),
    403: ("permission-denied", "forbidden", "victim-decision-protected"),
    404: ("subject-not-found",),
    409: ("idempotency-key-in-progress", "write-conflict"),
    412: ("precondition-failed",),
    422: (
        "idempotency-key-reused",
        "read-only-field-mismatch",
        "assisted-entry-required",
        "assisted-entry-not-allowed",
        "read-back-required",
    ),
    428: ("precondition-required",),
}

CURSOR_DESCRIPTION = (
    "Opaque: pass `next_cursor` from the previous page unchanged; do not build or parse it."
)


def _problems_as_problem_json(document: dict[str, Any]) -> None:
    """FastAPI files a response model under ``application/json``; problems are sent as
    ``application/problem+json`` only, so the schema moves there."""
    for item in document.get("paths", {}).values():
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            for answer in operation.get("responses", {}).values():
                content = answer.get("content", {})
                if PROBLEM_MEDIA_TYPE in content and "application/json" in content:
                    content[PROBLEM_MEDIA_TYPE] = content.pop("application/json")


def install(app: FastAPI) -> None:
    """Publish the contract with the corrections above, built once."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            _problems_as_problem_json(document)
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
