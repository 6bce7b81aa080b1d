"""Several server processes on one PostgreSQL behave as one server.

Two real ``consent-server serve`` processes (A and B, as behind a load balancer) share one
database and one data key; requests alternate between them. Rate-limit counters, the clients
a person logged in from, idempotency keys, logouts and refresh-token reuse must all hold
across the two, and the same with the counters in a real Redis server. ``serve --workers 2``
is started as an operator would. Client addresses are set with ``X-Forwarded-For``, which
uvicorn trusts from loopback only.

The limits are the shipped shape, scaled down (5 per username and address as shipped,
10 per username, 12 per address, 4 registrations per address) so the tests hash fewer
guesses.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import redis
from pydantic import SecretStr
from sqlalchemy import text

from api_client.models import Role
from consent_server import admin
from consent_server.cli import main
from consent_server.crypto import generate_data_key
from consent_server.db import make_engine
from consent_server.schema import upgrade
from consent_server.settings import ServerSettings
from consent_server.tables import SubjectRow
from tests.support import pg_cluster
from tests.support.server_processes import redis_server, redis_tool, server_env, serving

pytestmark = [pytest.mark.postgres, pytest.mark.timeout(600)]

PER_PAIR, PER_USER, PER_ADDRESS, REGISTRATIONS = 5, 10, 12, 4
LIMITS = {
    "login_failures_per_user_and_client": str(PER_PAIR),
    "login_failures_per_user": str(PER_USER),
    "login_attempts_per_client": str(PER_ADDRESS),
    "registrations_per_client": str(REGISTRATIONS),
}
PASSPHRASE = "a long and private passphrase"


@dataclass(frozen=True)
class Database:
    url: str
    data_key: str


@dataclass(frozen=True)
class Pair:
    """Two server processes on one database."""

    a: httpx.Client
    b: httpx.Client
    database: Database

    def each(self, count: int) -> Iterator[httpx.Client]:
        """A, B, A, B, … ``count`` times."""
        for number in range(count):
            yield self.a if number % 2 == 0 else self.b


@pytest.fixture(scope="module")
def database(postgres_url: str) -> Database:
    """A database of this module's own in the session's cluster, migrated."""
    name = f"workers_{uuid.uuid4().hex[:8]}"
    server, _ = postgres_url.rsplit("/", 1)
    pg_cluster.admin_sql(f"{server}/postgres", f"CREATE DATABASE {name}")
    url = f"{server}/{name}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return Database(url, generate_data_key())


@pytest.fixture(scope="module")
def pair(database: Database, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pair]:
    """Processes A and B on the module's database, counters in the database."""
    logs = tmp_path_factory.mktemp("pair")
    env = server_env(database.url, database.data_key, **LIMITS)
    with (
        serving(env, logs / "a.log") as a,
        serving(env, logs / "b.log") as b,
        httpx.Client(base_url=a.base_url, timeout=60) as client_a,
        httpx.Client(base_url=b.base_url, timeout=60) as client_b,
    ):
        yield Pair(client_a, client_b, database)


def new_victim(database: Database) -> tuple[str, uuid.UUID]:
    """A victim account with its own record; returns the username and the record's id."""
    username = f"victim-{uuid.uuid4().hex[:10]}"
    settings = ServerSettings(database_url=database.url, data_key=SecretStr(database.data_key))
    with admin.connect(settings) as db:
        account = admin.create_account(db, settings, username, PASSPHRASE, Role.victim)
        subject = admin.create_subject(db, settings, f"REF-{uuid.uuid4().hex[:8]}")
        row = db.get(SubjectRow, subject.id)
        assert row is not None
        row.account_id = account.id
        db.commit()
        return username, subject.id


def address() -> str:
    """A client address of the test's own (documentation range), so counters never mix."""
    return f"198.51.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250 + 1}"


def log_in(
    client: httpx.Client, username: str, passphrase: str, at: str, device_token: str = ""
) -> httpx.Response:
    body = {"username": username, "passphrase": passphrase}
    if device_token:
        body["device_token"] = device_token
    return client.post("/v1/sessions", json=body, headers={"X-Forwarded-For": at})


def bearer(response: httpx.Response) -> dict[str, str]:
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def guess_from_both(pair: Pair, username: str, at: str, count: int) -> list[int]:
    return [log_in(c, username, "wrong guess", at).status_code for c in pair.each(count)]


def test_failed_logins_are_counted_once_across_two_processes(pair: Pair) -> None:
    """Five wrong passphrases in all, not five on each process."""
    username, _ = new_victim(pair.database)
    statuses = guess_from_both(pair, username, address(), 2 * PER_PAIR)
    assert statuses == [401] * PER_PAIR + [429] * PER_PAIR


def test_the_known_client_exemption_holds_across_processes(pair: Pair) -> None:
    """A distributed attack through B exhausts the username's limit; the person's own
    computer, known from a login through A, still gets in through B; a stranger does not."""
    username, _ = new_victim(pair.database)
    own_computer, stranger = address(), address()
    bearer(log_in(pair.a, username, PASSPHRASE, own_computer))
    for _ in range(PER_USER // PER_PAIR):
        assert set(guess_from_both(pair, username, address(), PER_PAIR)) == {401}
    assert log_in(pair.a, username, PASSPHRASE, stranger).status_code == 429
    assert log_in(pair.b, username, PASSPHRASE, stranger).status_code == 429
    assert log_in(pair.b, username, PASSPHRASE, own_computer).status_code == 201


def test_a_device_token_from_one_process_counts_on_the_other(pair: Pair) -> None:
    """Both processes derive the token key from the shared data key."""
    username, _ = new_victim(pair.database)
    shared_address = address()
    token = log_in(pair.a, username, PASSPHRASE, shared_address).json()["device_token"]
    assert set(guess_from_both(pair, username, shared_address, PER_PAIR)) == {401}
    assert log_in(pair.b, username, PASSPHRASE, shared_address).status_code == 429
    assert log_in(pair.b, username, PASSPHRASE, shared_address, token).status_code == 201


def test_the_hashing_limit_per_address_holds_across_processes(pair: Pair) -> None:
    """One address trying many usernames gets PER_ADDRESS passphrase checks in all."""
    sprayer = address()
    statuses = [
        log_in(client, f"nobody-{uuid.uuid4().hex[:8]}", "zomer2024!", sprayer).status_code
        for client in pair.each(PER_ADDRESS + 2)
    ]
    assert statuses == [401] * PER_ADDRESS + [429, 429]


def test_registrations_per_address_are_counted_once_across_processes(pair: Pair) -> None:
    at = address()
    body = {"activation_code": "0000-0000-0000-0000", "passphrase": PASSPHRASE}
    statuses = [
        client.post(
            "/v1/registrations",
            json={**body, "username": f"someone-{number}"},
            headers={"X-Forwarded-For": at},
        ).status_code
        for number, client in enumerate(pair.each(REGISTRATIONS + 2))
    ]
    assert statuses == [400] * REGISTRATIONS + [429, 429]


def test_an_idempotency_key_sent_to_both_processes_writes_once(pair: Pair) -> None:
    username, subject_id = new_victim(pair.database)
    headers = bearer(log_in(pair.a, username, PASSPHRASE, address()))
    url = f"/v1/subjects/{subject_id}/preferences"
    write = {**headers, "If-Match": '"0"', "Idempotency-Key": uuid.uuid4().hex}
    first = pair.a.put(url, json={"inform": "no"}, headers=write)
    again = pair.b.put(url, json={"inform": "no"}, headers=write)
    assert (first.status_code, again.status_code) == (200, 200), again.text
    assert first.json()["version"] == again.json()["version"] == 1
    history = pair.b.get(f"{url}/history", headers=headers).json()
    assert [item["version"] for item in history["items"]] == [1]


def test_a_logout_through_one_process_ends_the_session_on_the_other(pair: Pair) -> None:
    username, _ = new_victim(pair.database)
    headers = bearer(log_in(pair.a, username, PASSPHRASE, address()))
    assert pair.b.get("/v1/me", headers=headers).status_code == 200
    assert pair.b.delete("/v1/sessions/current", headers=headers).status_code == 204
    assert pair.a.get("/v1/me", headers=headers).status_code == 401


def test_a_logout_through_one_process_ends_the_fast_path_on_the_other(pair: Pair) -> None:
    """The token is checked in the statement that reads the record: no validity is kept."""
    username, subject_id = new_victim(pair.database)
    headers = bearer(log_in(pair.a, username, PASSPHRASE, address()))
    url = f"/v1/subjects/{subject_id}/preferences"
    assert pair.b.get(url, headers=headers).status_code == 200
    assert pair.a.delete("/v1/sessions/current", headers=headers).status_code == 204
    assert pair.b.get(url, headers=headers).status_code == 401
    write = {**headers, "If-Match": '"0"', "Idempotency-Key": uuid.uuid4().hex}
    assert pair.b.put(url, json={"inform": "no"}, headers=write).status_code == 401


def test_a_reused_refresh_token_on_the_other_process_ends_the_login(pair: Pair) -> None:
    username, _ = new_victim(pair.database)
    first = log_in(pair.a, username, PASSPHRASE, address())
    old_refresh = first.json()["refresh_token"]
    renewed = pair.a.post("/v1/sessions/refresh", json={"refresh_token": old_refresh})
    assert renewed.status_code == 201
    replayed = pair.b.post("/v1/sessions/refresh", json={"refresh_token": old_refresh})
    assert replayed.status_code == 401
    # The whole login ended, so the holder of the renewed tokens is logged out too.
    assert pair.a.get("/v1/me", headers=bearer(renewed)).status_code == 401
    again = pair.b.post(
        "/v1/sessions/refresh", json={"refresh_token": renewed.json()["refresh_token"]}
    )
    assert again.status_code == 401


@pytest.mark.skipif(redis_tool() is None, reason="redis-server is installed by tests/run")
def test_rate_limits_in_redis_hold_across_processes(database: Database, tmp_path: Path) -> None:
    """The documented option for larger deployments: counters in Redis (or Valkey)."""
    with redis_server(tmp_path) as redis_url:
        env = server_env(
            database.url, database.data_key, rate_limit_storage_url=redis_url, **LIMITS
        )
        with (
            serving(env, tmp_path / "a.log") as a,
            serving(env, tmp_path / "b.log") as b,
            httpx.Client(base_url=a.base_url, timeout=60) as client_a,
            httpx.Client(base_url=b.base_url, timeout=60) as client_b,
        ):
            pair = Pair(client_a, client_b, database)
            username, _ = new_victim(database)
            in_database = database_counters(database)
            statuses = guess_from_both(pair, username, address(), 2 * PER_PAIR)
            assert statuses == [401] * PER_PAIR + [429] * PER_PAIR
            # The counters are in Redis; the database's table did not change.
            assert database_counters(database) == in_database
            assert redis.Redis.from_url(redis_url).keys("consent*")


def database_counters(database: Database) -> list[tuple[str, int]]:
    engine = make_engine(database.url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT key, count FROM rate_limit_counters ORDER BY key"))
        counters = [(key, count) for key, count in rows]
    engine.dispose()
    return counters


def test_serve_with_two_workers_shares_the_limits(database: Database, tmp_path: Path) -> None:
    """``consent-server serve --workers 2``: two processes on one port, one set of limits."""
    env = server_env(database.url, database.data_key, **LIMITS)
    with serving(env, tmp_path / "serve.log", "--workers", "2") as server:
        children = Path(f"/proc/{server.process.pid}/task/{server.process.pid}/children")
        assert len(children.read_text().split()) >= 2  # the workers (and a resource tracker)
        username, _ = new_victim(database)
        at = address()
        with httpx.Client(base_url=server.base_url, timeout=60) as client:
            statuses = []
            for _ in range(2 * PER_PAIR):
                # A new connection each time, so the kernel may hand it to either worker.
                client.headers["Connection"] = "close"
                statuses.append(log_in(client, username, "wrong guess", at).status_code)
        assert statuses == [401] * PER_PAIR + [429] * PER_PAIR


def test_more_than_one_worker_on_sqlite_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CONSENT_DATABASE_URL", f"sqlite:///{tmp_path / 'server.sqlite3'}")
    handlers = list(logging.getLogger().handlers)
    assert main(["serve", "--workers", "2"]) == 2
    assert logging.getLogger().handlers == handlers  # a refusal configures no logging
    error = capsys.readouterr().err
    assert "--workers above 1 needs PostgreSQL" in error
    assert "Traceback" not in error
    assert not (tmp_path / "server.sqlite3").exists()


@pytest.mark.parametrize("count", ["0", "65", "two"])
def test_a_worker_count_out_of_range_is_a_usage_error(
    count: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["serve", "--workers", count])
    assert exited.value.code == 2
    assert "must be a number from 1 to 64" in capsys.readouterr().err
