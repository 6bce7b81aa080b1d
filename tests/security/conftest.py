"""Fixtures for the security suite: both database backends where storage matters.

Every test here runs on SQLite by default. A test that is about what is stored, or about
behaviour that depends on the database, runs on both backends with
``@pytest.mark.parametrize("database_url", BOTH_BACKENDS, indirect=True)``.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy import LargeBinary, String, cast, select

from consent_server.app import context_of
from consent_server.auth import start_session
from consent_server.db import Base
from consent_server.settings import ServerSettings
from consent_server.tables import AccountRow
from tests.conftest import TestClient

BOTH_BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture
def database_url(request: pytest.FixtureRequest, fresh_sqlite_url: str) -> str:
    """SQLite unless the test asks for ``postgres`` through indirect parametrisation."""
    backend = getattr(request, "param", "sqlite")
    if backend == "sqlite":
        return fresh_sqlite_url
    url: str = request.getfixturevalue("fresh_postgres_url")
    return url


def client_at(app: FastAPI, address: str) -> TestClient:
    """A client on the in-process app that the server sees as coming from ``address``."""
    return TestClient(app, base_url="http://127.0.0.1", client=(address, 40000))


def stored_bytes(app: FastAPI, settings: ServerSettings) -> bytes:
    """Everything the database holds, as the bytes an attacker with a copy would see.

    SQLite: the database file, its write-ahead log and journal, byte for byte.
    PostgreSQL: every column of every row of every table, cast to text by the server.
    """
    path = settings.sqlite_path()
    if path is not None:
        parts = [Path(f"{path}{suffix}") for suffix in ("", "-wal", "-journal")]
        return b"".join(part.read_bytes() for part in parts if part.exists())
    chunks: list[bytes] = []
    with context_of(app).engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            # Binary columns as their raw bytes (plain text stored there would show), the
            # rest as the text PostgreSQL itself makes of them.
            columns = [
                column if isinstance(column.type, LargeBinary) else cast(column, String)
                for column in table.columns
            ]
            for row in connection.execute(select(*columns)):
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        chunks.append(bytes(value))
                    elif value is not None:
                        chunks.append(str(value).encode())
    return b"\n".join(chunks)


def mint_bearer(app: FastAPI, account_id: uuid.UUID) -> dict[str, str]:
    """A fresh login for ``account_id`` without a passphrase check (cheap: no argon2)."""
    context = context_of(app)
    with context.sessions() as db:
        account = db.get(AccountRow, account_id)
        assert account is not None
        session = start_session(db, context, account)
    return {"Authorization": f"Bearer {session.access_token}"}
