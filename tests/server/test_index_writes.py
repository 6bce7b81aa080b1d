"""Every read and write of preferences adds only to the indexes someone searches, and the
searches those partial indexes serve still use them (migration 0010).

A GET of preferences writes its access-log row; a PUT writes a version, its contact details
and an idempotency claim too. On SQLite each page they touch is written to the WAL at the
commit, and those frames were the largest single cost of a request after the HTTP work
(docs/benchmarks.md section 3, "Fewer index pages per request").
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from fastapi import FastAPI
from httpx import Client
from sqlalchemy import Engine, func, select

from api_client.models import Role
from consent_server.app import context_of
from consent_server.tables import ContactDetailsRow, SubjectRow
from tests.support import wal_frames
from tests.support.accounts import Login, Seeded, Victim, insert_account, mint_bearer
from tests.support.query_plans import Recorded, assert_no_full_scans, plan_steps, recorded

from .helpers import PRIVATE_BODY, preferences_url, put_preferences

ON_SQLITE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
ON_POSTGRES = pytest.mark.parametrize(
    "database_url", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)

REQUESTS = 60
# Measured here on this schema: a GET 2.2 frames, a PUT 12.5. With every victim's entry in
# the staff index, every version in the yearly-message index and contact details indexed by
# record (the schema before migration 0010) they were 3.4 and 15.5.
MOST_FRAMES_PER_READ = 3.0
MOST_FRAMES_PER_WRITE = 14.0


def _frames_per_request(engine: Engine, work: Callable[[], None]) -> float:
    """WAL frames (written pages) per call of ``work``, over :data:`REQUESTS` calls."""
    with wal_frames.counting(engine) as frames:
        for _ in range(REQUESTS):
            work()
    return frames.written / REQUESTS


@ON_SQLITE
def test_a_victims_read_and_write_write_few_index_pages(
    server_app: FastAPI, api: Client, victim: Victim, login: Login
) -> None:
    headers = login(victim.username, victim.passphrase)
    url = preferences_url(victim.subject_id)
    version = 0

    def write() -> None:
        nonlocal version
        body = {**PRIVATE_BODY, "reassurance": "none"}
        answer = put_preferences(api, headers, victim.subject_id, body, version)
        assert answer.status_code == 200, answer.text
        version = answer.json()["version"]

    def read() -> None:
        assert api.get(url, headers=headers).status_code == 200

    engine = context_of(server_app).engine
    write()  # the first version, so every counted read has contact details to decrypt
    writes = _frames_per_request(engine, write)
    reads = _frames_per_request(engine, read)
    assert reads <= MOST_FRAMES_PER_READ, f"{reads:.2f} WAL frames per read"
    assert writes <= MOST_FRAMES_PER_WRITE, f"{writes:.2f} WAL frames per write"


def _staffs_recent_list(api: Client, seeded: Seeded, login: Login, victim: Victim) -> Recorded:
    """The statements of staff's recent list, after staff opened the victim's record."""
    staff = login(seeded.staff_username, seeded.staff_passphrase)
    assert api.get(f"/v1/subjects/{victim.subject_id}", headers=staff).status_code == 200
    with recorded(context_of(seeded.app).engine) as work:
        found = api.get("/v1/subjects", params={"recent": "true"}, headers=staff)
    assert found.status_code == 200, found.text
    assert [item["id"] for item in found.json()["items"]] == [str(victim.subject_id)]
    return work


@ON_SQLITE
def test_staffs_recent_records_search_the_index_of_staff_entries(
    api: Client, seeded: Seeded, login: Login, victim: Victim, server_app: FastAPI
) -> None:
    work = _staffs_recent_list(api, seeded, login, victim)
    engine = context_of(server_app).engine
    # The list's one statement reads the access log through the index of staff's entries
    # (its other steps read the few rows it grouped, not a table).
    on_the_log = [step for _, step in plan_steps(engine, work.statements) if "access_log" in step]
    assert on_the_log == [
        "SEARCH access_log USING INDEX ix_access_log_actor_at (actor_account_id=?)"
    ]


@ON_POSTGRES
def test_staffs_recent_records_can_use_the_index_of_staff_entries_on_postgresql(
    api: Client, seeded: Seeded, login: Login, victim: Victim, server_app: FastAPI
) -> None:
    """PostgreSQL uses a partial index only where it can prove the query wants no other
    rows. With sequential scans priced out (the test's tables are tiny), the plan names the
    index exactly when it may be used."""
    (statement,) = _staffs_recent_list(api, seeded, login, victim).statements
    with context_of(server_app).engine.connect() as connection:
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
        plan = connection.exec_driver_sql(f"EXPLAIN {statement.sql}", statement.parameters)
        text = "\n".join(str(row[0]) for row in plan)
    assert "ix_access_log_actor_at" in text, text


def _second_victim_with_details(app: FastAPI, seeded: Seeded, api: Client) -> uuid.UUID:
    subject_id = seeded.new_subject("OTHER-1")
    account_id = insert_account(app, "other.person", "another long passphrase", Role.victim)
    with context_of(app).sessions() as db:
        subject = db.get(SubjectRow, subject_id)
        assert subject is not None
        subject.account_id = account_id
        db.commit()
    headers = mint_bearer(app, account_id)
    assert put_preferences(api, headers, subject_id, PRIVATE_BODY, 0).status_code == 200
    return subject_id


def _details_of(app: FastAPI, subject_id: uuid.UUID) -> int:
    with context_of(app).sessions() as db:
        count = select(func.count()).where(ContactDetailsRow.subject_id == subject_id)
        return db.scalar(count) or 0


@ON_SQLITE
def test_deleting_an_account_erases_only_its_own_contact_details_through_an_index(
    server_app: FastAPI, api: Client, seeded: Seeded, victim: Victim, login: Login
) -> None:
    other = _second_victim_with_details(server_app, seeded, api)
    headers = login(victim.username, victim.passphrase)
    for version in range(2):  # two versions, each with its own contact details
        answer = put_preferences(api, headers, victim.subject_id, PRIVATE_BODY, version)
        assert answer.status_code == 200, answer.text
    assert _details_of(server_app, victim.subject_id) == 2
    engine = context_of(server_app).engine
    body = {"passphrase": victim.passphrase}
    with recorded(engine) as work:
        deleted = api.request("DELETE", "/v1/me", json=body, headers=headers)
    assert deleted.status_code == 204, deleted.text
    assert _details_of(server_app, victim.subject_id) == 0
    assert _details_of(server_app, other) == 1
    erasing = [each for each in work.statements if "DELETE FROM contact_details" in each.sql]
    assert len(erasing) == 1
    work.statements[:] = erasing
    assert_no_full_scans(engine, work)
