"""Fixtures for the outbox tests: a test keyring, an outbox file, a restartable server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from consent_app.i18n import set_language
from tests.support.keyrings import MemoryKeyring

from .helpers import ServerProcess


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def memory_keyring() -> MemoryKeyring:
    return MemoryKeyring()


@pytest.fixture
def outbox_path(tmp_path: Path) -> Path:
    return tmp_path / "app-data" / "store.bin"


@pytest.fixture
def server(fresh_sqlite_url: str) -> Iterator[ServerProcess]:
    """A real server process on a migrated SQLite file of this test's own (not started yet)."""
    process = ServerProcess(fresh_sqlite_url)
    yield process
    process.stop()
