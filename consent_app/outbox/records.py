"""Entries and notices to and from the JSON of the outbox file: pydantic does the mapping,
from the field metadata in :mod:`consent_app.outbox.model`."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from consent_app.outbox.model import Notice, OutboxEntry

_ENTRY = TypeAdapter(OutboxEntry)
_NOTICE = TypeAdapter(Notice)


def entry_to_json(entry: OutboxEntry) -> dict[str, Any]:
    data: dict[str, Any] = _ENTRY.dump_python(entry, mode="json", by_alias=True)
    return data


def entry_from_json(data: dict[str, Any]) -> OutboxEntry:
    """The entry in ``data``; pydantic's ``ValidationError`` (a ``ValueError``) when it has
    another shape."""
    return _ENTRY.validate_python(data)


def notice_to_json(notice: Notice) -> dict[str, Any]:
    data: dict[str, Any] = _NOTICE.dump_python(notice, mode="json", by_alias=True)
    return data


def notice_from_json(data: dict[str, Any]) -> Notice:
    return _NOTICE.validate_python(data)
