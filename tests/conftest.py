"""Shared fixtures: a real server (in-process and on loopback) on real databases.

For the server, client and app test suites alike. Everything runs on real parts: a SQLite
file in a temporary directory, a throwaway PostgreSQL cluster, a real ``consent-server``
process for end-to-end tests. Time is an injected :class:`MovableClock`.

Fixtures, in the order they build on each other:

- ``clock``: a ``MovableClock``; ``clock.advance(minutes=16)`` moves server time.
- ``database_url``: a migrated, empty SQLite database file (tests/server overrides it to
  run on both SQLite and PostgreSQL).
- ``server_settings``: ``ServerSettings`` on that database with the clock injected.
- ``server_app``: the FastAPI app from ``create_app(server_settings)``.
- ``api``: a sync ``httpx.Client`` (Starlette's TestClient) talking to ``server_app``
  in-process, base URL ``http://127.0.0.1``. For an async client use
  ``httpx.AsyncClient(transport=httpx.ASGITransport(app=server_app), base_url=...)``.
- ``lenient_api``: the same, but a server error is answered (500) instead of raised.
- ``seeded``: a staff account and a victim record with an unused activation code.
- ``victim``: a victim account linked to the seeded record (username, passphrase, subject).
- ``login``: ``login(username, passphrase) -> {"Authorization": "Bearer ..."}``.
- ``postgres_url``: session-wide throwaway PostgreSQL cluster; URL of an empty database.
- ``fresh_postgres_url``: the migrated PostgreSQL test database, emptied for one test.
- ``live_server``: base URL of a real ``consent-server serve`` process on loopback
  (session-wide, SQLite); ``live_server_database_url`` is its database, for seeding it with
  ``consent_server.admin`` while it runs.
- ``live_people``: makes accounts and records of every role on that server (``People``).
- ``plain_apps``: the ``consent-app --plain`` processes a test starts (killed afterwards).

What these fixtures build on (``Seeded``, ``Person``, ``insert_account``, the test client)
lives in ``tests/support/``.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest
from fastapi import FastAPI
from pydantic import SecretStr

from api_client.models import Role
from consent_server import admin
from consent_server.app import context_of, create_app
from consent_server.clock import MovableClock
from consent_server.crypto import generate_data_key
from consent_server.db import make_engine
from consent_server.schema import upgrade
from consent_server.settings import ServerSettings
from consent_server.tables import SubjectRow
from tests.support import pg_cluster
from tests.support.accounts import (
    STAFF_PASSPHRASE,
    STAFF_USERNAME,
    VICTIM_PASSPHRASE,
    VICTIM_USERNAME,
    Login,
    Seeded,
    Victim,
    insert_account,
)
from tests.support.ports import free_port
from tests.support.server_processes import stop

if TYPE_CHECKING:  # imported where used: they load Textual and pexpect
    from tests.support.plain_mode import PlainApp
    from tests.support.roles import People
from tests.support.testclient import TestClient


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "filterwarnings", "ignore:Using `httpx` with `starlette.testclient`:UserWarning"
    )


START_TIME = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)


# --- time and databases ------------------------------------------------------------------


@pytest.fixture
def clock() -> MovableClock:
    """Server time, standing still at 2026-06-01 09:00 UTC until the test moves it."""
    return MovableClock(START_TIME)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated once per session; tests get copies of it."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture
def fresh_sqlite_url(tmp_path: Path, sqlite_template: Path) -> str:
    """A migrated, empty SQLite database file of this test's own."""
    path = tmp_path / "db" / "server.sqlite3"
    path.parent.mkdir()
    shutil.copyfile(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def database_url(fresh_sqlite_url: str) -> str:
    """The database the server under test uses (SQLite here; both backends in tests/server)."""
    return fresh_sqlite_url


@pytest.fixture
def server_settings(database_url: str, clock: MovableClock) -> ServerSettings:
    """Settings on ``database_url`` with the test clock. SQLite gets a key file beside it."""
    data_key = None if database_url.startswith("sqlite") else SecretStr(generate_data_key())
    return ServerSettings(database_url=database_url, data_key=data_key, clock=clock)


@pytest.fixture
def server_app(server_settings: ServerSettings) -> Iterator[FastAPI]:
    """The real app, in-process."""
    app = create_app(server_settings)
    yield app
    context_of(app).engine.dispose()


@pytest.fixture
def api(server_app: FastAPI) -> Iterator[TestClient]:
    """A sync httpx client on the in-process app (client address ``testclient``)."""
    with TestClient(server_app, base_url="http://127.0.0.1") as client:
        yield client


@pytest.fixture
def lenient_api(server_app: FastAPI) -> Iterator[TestClient]:
    """A client that gets the 500 answer instead of the server's exception."""
    with TestClient(
        server_app, base_url="http://127.0.0.1", raise_server_exceptions=False
    ) as client:
        yield client


# --- people ------------------------------------------------------------------------------


@pytest.fixture
def seeded(server_app: FastAPI, server_settings: ServerSettings) -> Seeded:
    staff_id = insert_account(server_app, STAFF_USERNAME, STAFF_PASSPHRASE, Role.staff)
    with context_of(server_app).sessions() as db:
        subject = admin.create_subject(db, server_settings, "CASE-0001")
        code = admin.issue_activation_code(db, server_settings, subject.id).code
    return Seeded(server_settings, server_app, staff_id, subject.id, code)


@pytest.fixture
def victim(server_app: FastAPI, seeded: Seeded) -> Victim:
    """A victim account linked to the seeded record, as if registered with its code.

    Made directly in the database for speed; the seeded activation code stays unused.
    """
    account_id = insert_account(server_app, VICTIM_USERNAME, VICTIM_PASSPHRASE, Role.victim)
    with context_of(server_app).sessions() as db:
        subject = db.get(SubjectRow, seeded.subject_id)
        assert subject is not None
        subject.account_id = account_id
        db.commit()
    return Victim(VICTIM_USERNAME, VICTIM_PASSPHRASE, account_id, seeded.subject_id)


@pytest.fixture
def login(api: TestClient) -> Login:
    """``login(username, passphrase)`` logs in and returns the Authorization header."""

    def _login(username: str, passphrase: str) -> dict[str, str]:
        response = api.post("/v1/sessions", json={"username": username, "passphrase": passphrase})
        assert response.status_code == 201, response.text
        return {"Authorization": f"Bearer {response.json()['access_token']}"}

    return _login


@pytest.fixture
def headers(victim: Victim, login: Login) -> dict[str, str]:
    """The victim's Authorization header (logged in once for the test)."""
    return login(victim.username, victim.passphrase)


@pytest.fixture
def subject(victim: Victim) -> uuid.UUID:
    """The victim's record."""
    return victim.subject_id


# --- PostgreSQL ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A throwaway PostgreSQL cluster on 127.0.0.1 (trust auth); URL of an empty database.

    See ``tests/support/pg_cluster.py``: under root the cluster runs as ``nobody``.
    """
    if not pg_cluster.available():
        pytest.skip("PostgreSQL is not installed (initdb/pg_ctl not found)")
    with pg_cluster.throwaway_cluster("consent_tests") as url:
        yield url


SEEDED_QUESTION_VERSIONS: set[str] = set()


@pytest.fixture(scope="session")
def migrated_postgres_url(postgres_url: str) -> str:
    """The cluster's test database, migrated once per session."""
    from sqlalchemy import text

    engine = make_engine(postgres_url)
    upgrade(engine)
    with engine.connect() as connection:
        SEEDED_QUESTION_VERSIONS.update(
            connection.scalars(text("SELECT version FROM question_sets")).all()
        )
    engine.dispose()
    return postgres_url


@pytest.fixture
def fresh_postgres_url(migrated_postgres_url: str) -> str:
    """The migrated PostgreSQL database, emptied for this test.

    Emptying (TRUNCATE) is far cheaper than creating a database per test; xdist workers
    each have their own cluster, so tests never share it concurrently.
    """
    from sqlalchemy import text

    from consent_server.db import Base

    # Question texts are reference data the migrations seed: keep those, drop tests' own.
    tables = ", ".join(
        table.name for table in Base.metadata.sorted_tables if table.name != "question_sets"
    )
    engine = make_engine(migrated_postgres_url)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        connection.execute(
            text("DELETE FROM question_sets WHERE NOT (version = ANY(:seeded))"),
            {"seeded": list(SEEDED_QUESTION_VERSIONS)},
        )
    engine.dispose()
    return migrated_postgres_url


# --- a real server process -------------------------------------------------------------------


@pytest.fixture(scope="session")
def live_server_database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('live') / 'server.sqlite3'}"


@pytest.fixture(scope="session")
def live_server(live_server_database_url: str) -> Iterator[str]:
    """Base URL of ``consent-server serve`` running as a subprocess on a free loopback port."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONSENT_")}
    # Every test here comes from the same address; the per-address limits (tested on their
    # own in tests/security) would otherwise make later tests fail by the order they run in.
    env |= {"CONSENT_REGISTRATIONS_PER_CLIENT": "0", "CONSENT_LOGIN_ATTEMPTS_PER_CLIENT": "0"}
    env["CONSENT_DATABASE_URL"] = live_server_database_url
    command = [sys.executable, "-m", "consent_server.cli", "serve", "--port", str(port)]
    # A file, not a pipe: nobody reads a pipe while tests run, and a full pipe blocks the server.
    log_path = Path(live_server_database_url.removeprefix("sqlite:///")).with_suffix(".log")
    log = log_path.open("wb")
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}"
    # Only a guard against a server that never comes up: on a 2-core machine running other
    # suites (load average 15) starting took over 30 s, and three tests failed for that alone.
    deadline = time.monotonic() + 90
    try:
        while True:
            if process.poll() is not None:
                pytest.fail(f"consent-server exited early:\n{log_path.read_text(errors='replace')}")
            try:
                if httpx.get(f"{base_url}/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("consent-server did not become healthy within 90 s")
            time.sleep(0.1)
        yield base_url
    finally:
        stop(process, timeout=10)
        log.close()


@pytest.fixture
def live_people(live_server: str, live_server_database_url: str) -> People:
    from tests.support.roles import People

    return People(live_server, live_server_database_url)


@pytest.fixture
def plain_apps() -> Iterator[list[PlainApp]]:
    """Append each started ``PlainApp``; whatever still runs at the end is killed."""
    apps: list[PlainApp] = []
    yield apps
    for app in apps:
        app.kill()
