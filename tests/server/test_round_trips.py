"""How often a GET and a PUT of preferences wait for PostgreSQL (a round trip each).

On loopback a round trip costs our process more CPU than the statement it carries
(psycopg's Python, two system calls, a wake-up of the server); every wait also holds up the
event loop. Counted from libpq's own trace (tests/support/round_trips.py) after a warm-up,
so that psycopg has prepared the statements on the server.
"""

from __future__ import annotations

import uuid

import pytest
from fastapi import FastAPI
from httpx import Client

from consent_server import stale_connections
from consent_server.app import context_of
from tests.server.helpers import PRIVATE_BODY, preferences_url, put_preferences
from tests.support.accounts import Login, Victim
from tests.support.pg_cluster import admin_sql
from tests.support.round_trips import counting_round_trips

POSTGRES_ONLY = [pytest.param("postgres", marks=pytest.mark.postgres)]
WARM_UP = 6  # psycopg prepares a statement on the server at its fifth use


@pytest.mark.parametrize("database_url", POSTGRES_ONLY, indirect=True)
def test_a_read_and_a_write_wait_for_the_database_this_often(
    api: Client, server_app: FastAPI, victim: Victim, login: Login
) -> None:
    headers = login(victim.username, victim.passphrase)
    url = preferences_url(victim.subject_id)
    with counting_round_trips(context_of(server_app).engine) as counted:
        for version in range(WARM_UP):
            assert api.get(url, headers=headers).status_code == 200
            put = put_preferences(api, headers, victim.subject_id, PRIVATE_BODY, version)
            assert put.status_code == 200
        counted.restart()
        assert api.get(url, headers=headers).status_code == 200
        read = counted.sent()
        counted.restart()
        put = put_preferences(api, headers, victim.subject_id, PRIVATE_BODY, WARM_UP)
        assert put.status_code == 200
        write = counted.sent()
    # A read: the caller's token with the record and its document, then the access-log row;
    # each commits on its own (no BEGIN, no COMMIT), and a connection just used is not pinged.
    assert len(read) == 2, read
    assert all(sent.startswith("prepared ") for sent in read), read
    # A write: BEGIN, the caller's token with the record, the questions' version, the key's
    # claim, the compare-and-set, the version, its contact details, the access-log row, COMMIT.
    assert len(write) == 9, write
    assert write[0].startswith("BEGIN") and write[-1] == "COMMIT", write


@pytest.mark.parametrize("database_url", POSTGRES_ONLY, indirect=True)
def test_a_connection_closed_while_idle_is_replaced_before_a_request_gets_it(
    api: Client,
    server_app: FastAPI,
    victim: Victim,
    login: Login,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What ``pool_pre_ping`` did on every checkout is still done after an idle spell."""
    headers = login(victim.username, victim.passphrase)
    url = preferences_url(victim.subject_id)
    assert api.get(url, headers=headers).status_code == 200
    # The server closes every pooled connection (as a restart or an idle timeout would).
    admin_sql(
        database_url,
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid()",
    )
    monkeypatch.setattr(stale_connections, "PING_AFTER_IDLE_SECONDS", 0.0)
    for _ in range(3):  # whichever pooled connection each one gets
        assert api.get(url, headers=headers).status_code == 200
        written = put_preferences(api, headers, victim.subject_id, PRIVATE_BODY, 0)
        assert written.status_code in (200, 412)


@pytest.mark.parametrize("database_url", POSTGRES_ONLY, indirect=True)
def test_a_write_after_a_refused_read_is_still_one_transaction(
    api: Client, server_app: FastAPI, victim: Victim, login: Login
) -> None:
    """A read takes its connection out of transactions; it puts it back even when refused."""
    headers = login(victim.username, victim.passphrase)
    engine = context_of(server_app).engine
    engine.dispose()  # from here on one pooled connection serves every request
    with counting_round_trips(engine) as counted:
        missing = preferences_url(uuid.uuid4())
        assert api.get(missing, headers=headers).status_code == 404
        counted.restart()
        put = put_preferences(api, headers, victim.subject_id, PRIVATE_BODY, 0)
        assert put.status_code == 200
        write = counted.sent()
        assert counted.connections() == 1  # the same connection as the refused read's
    assert write[0].startswith("BEGIN") and write[-1] == "COMMIT", write
