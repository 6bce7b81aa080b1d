"""Lists a page at a time: the query parameters, the opaque cursor, and cutting a page.

A list is read one row more than the page holds; that extra row only tells whether there is
a next page. The cursor is opaque to clients (``contract.CURSOR_DESCRIPTION``): a position,
either the last key shown (newest-first lists on an increasing integer key) or an offset.
The inbox's cursor is a time and an id and lives with it (``inbox.py``).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Sequence
from typing import Annotated, Any, TypeVar

from fastapi import Query
from sqlalchemy import Select
from sqlalchemy.orm import InstrumentedAttribute

from consent_server.contract import CURSOR_DESCRIPTION
from consent_server.problems import field_problem

R = TypeVar("R")
S = TypeVar("S", bound=Select[*tuple[Any, ...]])

Cursor = Annotated[str | None, Query(max_length=100, description=CURSOR_DESCRIPTION)]
"""The ``cursor`` query parameter of a paged list."""

Limit = Annotated[int, Query(ge=1, le=100)]
"""The ``limit`` query parameter: how many items a page holds at the most."""


def encode_cursor(position: int) -> str:
    return base64.urlsafe_b64encode(f"v{position}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        if not text.startswith("v"):
            raise ValueError(cursor)
        value = int(text[1:])
        if not 0 <= value < 2**63:  # past 64 bits the database driver fails: a 500
            raise ValueError(cursor)
        return value
    except (ValueError, binascii.Error, UnicodeDecodeError) as error:
        raise field_problem(
            "invalid-cursor", ["query", "cursor"], "This page link is not valid."
        ) from error


def newest_first(query: S, key: InstrumentedAttribute[int], limit: int, cursor: str | None) -> S:
    """``query`` ordered by ``key`` descending, from after the cursor, one row more than
    the page (see :func:`key_cursor`)."""
    query = query.order_by(key.desc()).limit(limit + 1)
    if cursor is not None:
        query = query.where(key < decode_cursor(cursor))
    return query


def key_cursor(rows: Sequence[R], limit: int, key: Callable[[R], int]) -> str | None:
    """The cursor after the page of a :func:`newest_first` query; ``None`` on the last."""
    return encode_cursor(key(rows[limit - 1])) if len(rows) > limit else None


def offset_of(cursor: str | None) -> int:
    """Where a page of an offset-paged list starts."""
    return decode_cursor(cursor) if cursor is not None else 0


def offset_cursor(rows: Sequence[R], start: int, limit: int) -> str | None:
    """The cursor after the page read from ``start`` (``limit + 1`` rows); ``None`` on the last."""
    return encode_cursor(start + limit) if len(rows) > limit else None
