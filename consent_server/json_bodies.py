"""Request bodies whose JSON names a field twice are refused (422), for every endpoint.

Python's ``json`` keeps the last of two equal keys, so ``{"inform": "no", "inform": "yes"}``
would be read as "yes", while another reader of the same bytes (a proxy, an audit copy, a
person) may see "no". The server does not guess which one was meant.
"""

from __future__ import annotations

import json

from fastapi import Request

from consent_server.problems import ProblemError

_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class _DuplicateKeyError(ValueError):
    pass


def _pairs_without_duplicates(pairs: list[tuple[str, object]]) -> dict[str, object]:
    found = dict(pairs)
    if len(found) != len(pairs):
        raise _DuplicateKeyError
    return found


def has_duplicate_keys(body: bytes) -> bool:
    """True when some object in the JSON text ``body`` names a key twice (not JSON: False)."""
    try:
        json.loads(body, object_pairs_hook=_pairs_without_duplicates)
    except _DuplicateKeyError:
        return True
    except ValueError:  # not JSON at all: the body's own validation answers that
        return False
    return False


async def refuse_duplicate_keys(request: Request) -> None:
    """App-wide dependency: runs before a route's own checks and body validation."""
    if request.method not in _BODY_METHODS:
        return
    body = await request.body()  # kept by Starlette: the route reads the same bytes
    if body and has_duplicate_keys(body):
        raise ProblemError(422, "duplicate-json-key", "A field is named twice in the request.")
