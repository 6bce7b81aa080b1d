"""Small helpers for the server tests."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from httpx import Client, Response

from consent_server.settings import ServerSettings


def preferences_url(subject_id: uuid.UUID | str) -> str:
    return f"/v1/subjects/{subject_id}/preferences"


def put_preferences(
    api: Client,
    headers: dict[str, str],
    subject_id: uuid.UUID | str,
    body: dict[str, Any],
    version: int | str,
    key: str | None = None,
) -> Response:
    return api.put(
        preferences_url(subject_id),
        json=body,
        headers={**headers, "If-Match": f'"{version}"', "Idempotency-Key": key or uuid.uuid4().hex},
    )


def raw_database_bytes(settings: ServerSettings) -> bytes:
    """Everything SQLite wrote to disk: the database file and its write-ahead log."""
    path = settings.sqlite_path()
    assert path is not None
    parts = [Path(f"{path}{suffix}") for suffix in ("", "-wal", "-journal")]
    return b"".join(part.read_bytes() for part in parts if part.exists())


PRIVATE_BODY: dict[str, Any] = {
    "inform": "yes",
    "topics": {"new_findings": True, "proceedings": True, "compensation": False, "removal": True},
    "recipients": "me",
    "channels": [
        {"kind": "email", "address": "hidden.person@example.org"},
        {"kind": "phone", "address": "+31 6 12345678"},
    ],
    "safe_contact": {
        "hours": "09:00-12:00",
        "days": ["mon", "wed"],
        "no_voicemail": True,
        "no_post_to_home": True,
        "alternative_address": "Postbus 4711, Utrecht",
        "discreet_sender": "Bibliotheek Noord",
        "household_must_not_know": True,
    },
    "paused_until": None,
    "language": "nl",
    "questions_locale": "nl",
    "questions_version": "1",
}
