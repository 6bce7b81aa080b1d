"""The rate-limit store in the database: atomic counts, windows on the server's clock, and
a refused or unreachable store that never lets logins through unlimited.

Runs on SQLite and PostgreSQL (tests/server/conftest.py); the two-process tests are in
test_workers.py.
"""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi import FastAPI
from pydantic import SecretStr
from sqlalchemy import text

from consent_server.app import context_of, create_app
from consent_server.clock import MovableClock
from consent_server.ratelimit_store import (
    SWEEP_EVERY,
    DatabaseStorage,
    RateLimitStoreError,
    open_storage,
)
from consent_server.settings import ServerSettings
from tests.support.ports import free_port
from tests.support.testclient import TestClient, client_at


@pytest.fixture
def storage(server_app: FastAPI, clock: MovableClock) -> DatabaseStorage:
    return DatabaseStorage(context_of(server_app).engine, clock)


def test_counts_from_many_threads_at_once_are_none_lost(storage: DatabaseStorage) -> None:
    """Eight threads, each with its own connection on PostgreSQL, count one key 80 times."""

    def count(_: int) -> int:
        return storage.incr("busy-key", 300)

    with ThreadPoolExecutor(max_workers=8) as pool:
        seen = sorted(pool.map(count, range(80)))
    assert seen == list(range(1, 81))  # every increment saw its own, distinct total
    assert storage.get("busy-key") == 80


def test_a_window_runs_from_its_first_count_by_the_server_clock(
    storage: DatabaseStorage, clock: MovableClock
) -> None:
    started = clock().timestamp()
    storage.incr("window-key", 300)
    clock.advance(seconds=200)
    assert storage.incr("window-key", 300) == 2
    assert storage.get_expiry("window-key") == started + 300  # not moved by the second count
    clock.advance(seconds=100)
    assert storage.get("window-key") == 0  # over: nobody is held for longer than one window
    assert storage.incr("window-key", 300) == 1  # a new window from here
    assert storage.get_expiry("window-key") == clock().timestamp() + 300


def test_clearing_a_key_starts_it_afresh(storage: DatabaseStorage) -> None:
    storage.incr("cleared-key", 300, amount=4)
    storage.clear("cleared-key")
    assert storage.get("cleared-key") == 0
    assert storage.check()


def test_the_store_never_holds_a_username_or_address(server_app: FastAPI) -> None:
    username = "victim.one"
    client_at(server_app, "203.0.113.9").post(
        "/v1/sessions", json={"username": username, "passphrase": "a wrong guess"}
    )
    with context_of(server_app).engine.connect() as connection:
        keys = " ".join(connection.scalars(text("SELECT key FROM rate_limit_counters")).all())
    assert keys  # the failure was counted
    assert username not in keys and "203.0.113.9" not in keys


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("url", ["memory://", "async+redis://127.0.0.1:1/0", "ftp://x/y"])
def test_a_per_process_or_unknown_store_is_refused(
    url: str, server_settings: ServerSettings
) -> None:
    with pytest.raises(RateLimitStoreError) as refused:
        create_app(server_settings.model_copy(update={"rate_limit_storage_url": SecretStr(url)}))
    assert url not in str(refused.value)  # an address may hold a password


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_an_unreachable_redis_refuses_logins_instead_of_letting_them_through(
    server_settings: ServerSettings,
) -> None:
    unreachable = SecretStr(f"redis://127.0.0.1:{free_port()}/0")
    app = create_app(server_settings.model_copy(update={"rate_limit_storage_url": unreachable}))
    try:
        client = TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False)
        answer = client.post(
            "/v1/sessions", json={"username": "someone", "passphrase": "a wrong guess"}
        )
        assert answer.status_code == 500
        assert answer.headers["content-type"] == "application/problem+json"
        assert "redis" not in answer.text.lower()
    finally:
        context_of(app).engine.dispose()


def test_open_storage_uses_the_server_clock_for_the_database(
    server_app: FastAPI, clock: MovableClock
) -> None:
    storage, now = open_storage(None, context_of(server_app).engine, clock)
    assert isinstance(storage, DatabaseStorage)
    assert now() == clock().timestamp()
    clock.advance(dt.timedelta(hours=1))
    assert now() == clock().timestamp()


def test_expired_windows_are_swept_away_as_counting_goes_on(
    storage: DatabaseStorage, clock: MovableClock
) -> None:
    """The table holds live windows, not every key ever counted."""
    storage.incr("gone-by-now", 60)
    clock.advance(seconds=61)
    for _ in range(SWEEP_EVERY):
        storage.incr("still-counting", 60)
    with storage.engine.connect() as connection:
        keys = connection.scalars(text("SELECT key FROM rate_limit_counters")).all()
    assert keys == ["still-counting"]
