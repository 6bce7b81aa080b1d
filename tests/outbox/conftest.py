"""Fixtures for the outbox tests: a test keyring, an outbox file, a restartable server."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from api_client import ConsentClient
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


@pytest.fixture
def offline_client() -> Iterator[ConsentClient]:
    """A client whose server is unreachable: for the app's parts that need no answer."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    with ConsentClient(f"http://127.0.0.1:{port}", timeout=2, max_retries=0) as client:
        yield client
