"""The preferences hot path: one database transaction per request, and a write answers with
the document it stored without reading it back — the same document a GET then returns."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import Client
from sqlalchemy import event

from consent_server.app import context_of
from tests.server.helpers import PRIVATE_BODY, preferences_url, put_preferences
from tests.server.world import ASSISTED
from tests.support.accounts import Login, Seeded, Victim


@contextmanager
def transactions_begun(app: FastAPI) -> Iterator[list[int]]:
    """Counts the transactions the server begins while the block runs: the connections it
    takes from the pool. Each holds one transaction: a Session gives its connection back
    when its transaction ends, and the fast path's pooled connection (``db.PooledConnection``)
    is one transaction from the pool and back."""
    pool = context_of(app).engine.pool
    begun: list[int] = []

    def on_checkout(*_args: Any) -> None:
        begun.append(1)

    event.listen(pool, "checkout", on_checkout)
    try:
        yield begun
    finally:
        event.remove(pool, "checkout", on_checkout)


@contextmanager
def statements_run(app: FastAPI) -> Iterator[list[str]]:
    """The SQL statements SQLite runs while the block runs (the pool holds one connection)."""
    engine = context_of(app).engine
    run: list[str] = []
    raw = engine.raw_connection()
    driver = raw.driver_connection
    raw.close()  # back to the pool: the requests below run on this same connection
    assert driver is not None
    driver.set_trace_callback(lambda sql: run.append(sql.split(None, 1)[0].upper()))
    try:
        yield run
    finally:
        driver.set_trace_callback(None)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_plain_write_updates_only_the_records_version(
    api: Client, server_app: FastAPI, victim: Victim, login: Login
) -> None:
    """The key's claim is stored with its answer: no second UPDATE to complete it."""
    headers = login(victim.username, victim.passphrase)
    with statements_run(server_app) as run:
        written = put_preferences(api, headers, victim.subject_id, PRIVATE_BODY, 0)
        assert written.status_code == 200
    assert (run.count("BEGIN"), run.count("COMMIT")) == (1, 1), run  # one transaction
    # The compare-and-set of the record's version is the write's only UPDATE.
    assert run.count("UPDATE") == 1, run
    # The token with its account and the record in one statement; the questions' version.
    assert run.count("SELECT") == 2, run
    assert run.count("INSERT") == 4, run  # the key, the version, contact details, audit row
    replayed = put_preferences(
        api,
        headers,
        victim.subject_id,
        PRIVATE_BODY,
        0,
        key=written.request.headers["idempotency-key"],
    )
    assert (replayed.status_code, replayed.json()) == (200, written.json())


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_plain_read_reads_the_caller_the_record_and_its_document_at_once(
    api: Client, server_app: FastAPI, victim: Victim, login: Login
) -> None:
    headers = login(victim.username, victim.passphrase)
    written = put_preferences(api, headers, victim.subject_id, PRIVATE_BODY, 0)
    assert written.status_code == 200
    with statements_run(server_app) as run:
        read = api.get(preferences_url(victim.subject_id), headers=headers)
    assert (read.status_code, read.json()) == (200, written.json())
    assert (run.count("BEGIN"), run.count("COMMIT")) == (1, 1), run  # one transaction
    # The token with its account, the record, its current version and contact details in
    # one statement; then the audit row.
    assert [kind for kind in run if kind not in ("BEGIN", "COMMIT")] == ["SELECT", "INSERT"], run


def test_a_read_and_a_write_are_one_transaction_each(
    api: Client, server_app: FastAPI, victim: Victim, login: Login
) -> None:
    headers = login(victim.username, victim.passphrase)
    with transactions_begun(server_app) as begun:
        assert api.get(preferences_url(victim.subject_id), headers=headers).status_code == 200
    assert len(begun) == 1  # token check, record, audit row: one transaction
    with transactions_begun(server_app) as begun:
        written = put_preferences(api, headers, victim.subject_id, PRIVATE_BODY, 0)
        assert written.status_code == 200
    assert len(begun) == 1  # token check, claim of the key, version, audit row, answer


def test_a_refused_token_still_costs_one_transaction(
    api: Client, server_app: FastAPI, victim: Victim
) -> None:
    headers = {"Authorization": "Bearer " + "x" * 43}
    with transactions_begun(server_app) as begun:
        answer = api.get(preferences_url(victim.subject_id), headers=headers)
    assert answer.status_code == 401
    assert len(begun) == 1


def test_the_answer_to_a_write_is_the_document_a_read_returns(
    api: Client, seeded: Seeded, victim: Victim, login: Login
) -> None:
    """Every field, with contact details and an assisted entry (labelled staff actor)."""
    own = login(victim.username, victim.passphrase)
    body = {**PRIVATE_BODY, "paused_until": "2031-05-01", "frequency": "monthly"}
    first = put_preferences(api, own, victim.subject_id, body, 0)
    assert first.status_code == 200
    assert first.json() == api.get(preferences_url(victim.subject_id), headers=own).json()

    staff = login(seeded.staff_username, seeded.staff_passphrase)
    channels_only = {"inform": "no", "channels": [{"kind": "post"}], "assisted": ASSISTED}
    second = put_preferences(api, staff, victim.subject_id, channels_only, 1)
    assert second.status_code == 200
    read = api.get(preferences_url(victim.subject_id), headers=staff)
    assert second.json() == read.json()
    assert second.headers["ETag"] == read.headers["ETag"] == '"2"'
    assert second.json()["updated_by"]["label"] == seeded.staff_username
