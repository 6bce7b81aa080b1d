"""The two database backends, and what a copy of either would show an attacker."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy import LargeBinary, String, cast, select

from consent_server.app import context_of
from consent_server.db import Base
from consent_server.settings import ServerSettings

BOTH_BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
"""For ``@pytest.mark.parametrize("database_url", BOTH_BACKENDS, indirect=True)``."""


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
