"""No passphrase, token, activation code, contact detail or free-text answer in any log.

Every logger is captured at DEBUG (the root logger and, explicitly, httpx, httpcore,
SQLAlchemy's statement log, uvicorn, the server's and the client's own) while one full
journey runs through the real client and server; the live server's own log file is read
after the same journey over HTTP.
"""

from __future__ import annotations

import logging
import unicodedata
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.exc import IntegrityError

from consent_server import admin
from consent_server.app import context_of
from consent_server.settings import ServerSettings
from consent_server.tables import AccountRow
from tests.support.accounts import Seeded, Victim
from tests.support.testclient import TestClient

from .scenario import run_scenario

NOISY_LOGGERS = (
    "",
    "httpx",
    "httpcore",
    "sqlalchemy.engine",
    "sqlalchemy.pool",
    "uvicorn",
    "uvicorn.error",
    "uvicorn.access",
    "fastapi",
    "starlette",
    "asyncio",
    "consent_server",
    "api_client",
)
LINE_BREAKS = ("\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


class _Everything(logging.Handler):
    """Keeps each record fully formatted, traceback and stack included."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def every_log_line() -> Iterator[list[str]]:
    handler = _Everything()
    saved: dict[str, int] = {}
    for name in NOISY_LOGGERS:
        logger = logging.getLogger(name)
        saved[name] = logger.level
        logger.setLevel(logging.DEBUG)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield handler.lines
    finally:
        root.removeHandler(handler)
        for name, level in saved.items():
            logging.getLogger(name).setLevel(level)


@pytest.mark.anyio
async def test_a_full_journey_logs_no_secret_at_debug(
    server_app: FastAPI, seeded: Seeded, every_log_line: list[str]
) -> None:
    transport = httpx.ASGITransport(app=server_app)
    secrets = await run_scenario(
        "http://127.0.0.1",
        seeded.activation_code,
        seeded.staff_username,
        seeded.staff_passphrase,
        transport=transport,
    )
    text = "\n".join(every_log_line)
    # The capture really saw the server, the client and the database at work ...
    assert "consent_server.access" in text and "api_client" in text
    assert "sqlalchemy.engine" in text and "INSERT INTO contact_details" in text
    # ... and none of the secrets, nor a passphrase hash to crack offline.
    assert secrets.found_in(text) == []
    assert "$argon2" not in text


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.mark.parametrize(
    "username", [f"evil{brk}INFO consent_server.access forged line" for brk in LINE_BREAKS]
)
def test_a_line_break_in_a_username_cannot_forge_a_log_line(
    server_app: FastAPI, seeded: Seeded, every_log_line: list[str], username: str
) -> None:
    api = TestClient(server_app, base_url="http://127.0.0.1")
    registration = api.post(
        "/v1/registrations",
        json={
            "activation_code": seeded.activation_code,
            "username": username[:40],
            "passphrase": "a fine long passphrase",
        },
    )
    # Control characters are refused as such (422 control_character); the other line
    # breaks (U+2028, U+2029) do not fit the username pattern.
    control = unicodedata.category(username[4]) == "Cc"
    code = "control_character" if control else "string_pattern_mismatch"
    assert registration.status_code == 422
    assert registration.json()["errors"] == [{"loc": ["body", "username"], "code": code}]
    login = api.post("/v1/sessions", json={"username": username[:40], "passphrase": "whatever"})
    assert login.status_code == (422 if control else 401)
    own = [line for line in every_log_line if line.split(" ", 2)[1].startswith("consent_server")]
    assert own, "the server's log was not captured"
    for line in own:
        assert not any(brk in line for brk in LINE_BREAKS), line
    assert not any("forged line" in line for line in every_log_line)


def test_database_errors_do_not_quote_the_values(server_app: FastAPI, victim: Victim) -> None:
    """Tracebacks of database errors end up in logs: they must not carry the row's values."""
    with context_of(server_app).sessions() as db:
        db.add(
            AccountRow(
                username=victim.username,
                username_key=victim.username.lower(),  # taken: the insert fails
                passphrase_hash="SENTINEL-hash-value",
                role="victim",
                created_at=context_of(server_app).now(),
                passphrase_changed_at=context_of(server_app).now(),
            )
        )
        with pytest.raises(IntegrityError) as raised:
            db.commit()
    assert "SENTINEL" not in str(raised.value) and victim.username not in str(raised.value)


def _seed_live_server(database_url: str) -> tuple[str, str, str]:
    """A staff account and an activation code in the live server's database."""
    settings = ServerSettings(database_url=database_url)
    tag = uuid.uuid4().hex[:8]
    staff_username, staff_passphrase = f"staff.{tag}", f"staff passphrase {tag} here"
    with admin.connect(settings) as db:
        admin.create_staff(db, settings, staff_username, staff_passphrase)
        subject = admin.create_subject(db, settings, f"LIVE-{tag}")
        code = admin.issue_activation_code(db, settings, subject.id).code
    return code, staff_username, staff_passphrase


@pytest.mark.e2e
@pytest.mark.anyio
async def test_the_live_servers_own_log_file_holds_no_secret(
    live_server: str, live_server_database_url: str
) -> None:
    code, staff_username, staff_passphrase = _seed_live_server(live_server_database_url)
    secrets = await run_scenario(live_server, code, staff_username, staff_passphrase)
    log_file = Path(live_server_database_url.removeprefix("sqlite:///")).with_suffix(".log")
    text = log_file.read_text(errors="replace")
    assert "POST /v1/sessions 201" in text  # the file is the server's log and was written
    assert secrets.found_in(text) == []
    assert "?" not in "".join(line for line in text.splitlines() if " /v1/" in line)
