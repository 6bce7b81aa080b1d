"""Real parts for the outbox tests: a restartable server process and registered victims."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy import func, select

from api_client import ConsentClient, TokenPair
from api_client.models import PreferenceVersion, Session
from consent_server import admin
from consent_server.settings import ServerSettings
from consent_server.tables import QuestionSetRow
from tests.support.ports import free_port

SERVE = Path(__file__).with_name("serve.py")
PASSPHRASE = "a long and private passphrase"


class ServerProcess:
    """``serve.py`` as a subprocess on a fixed loopback port, which can be killed and restarted."""

    def __init__(self, database_url: str, port: int | None = None) -> None:
        self.database_url = database_url
        self.port = port or free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, stall: str = "", marker: Path | None = None) -> ServerProcess:
        env = {k: v for k, v in os.environ.items() if not k.startswith("CONSENT_")}
        env["CONSENT_DATABASE_URL"] = self.database_url
        env["CONSENT_IDEMPOTENCY_IN_PROGRESS_TIMEOUT"] = "PT2S"
        if marker is not None:
            env["STALL_MARKER"] = str(marker)
        command = [sys.executable, str(SERVE), str(self.port), *([stall] if stall else [])]
        self.process = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        deadline = time.monotonic() + 30
        while True:
            if self.process.poll() is not None:
                error = self.process.stderr.read() if self.process.stderr else b""
                raise RuntimeError(f"server exited early: {error.decode(errors='replace')}")
            try:
                if httpx.get(f"{self.url}/v1/health", timeout=1).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("server did not become healthy")
            time.sleep(0.05)

    def kill(self) -> None:
        """SIGKILL: no shutdown handler, no flush, no goodbye."""
        if self.process is not None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)
            self.process = None

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None


@dataclass(frozen=True)
class Victim:
    username: str
    subject_id: uuid.UUID
    passphrase: str = PASSPHRASE


# Writes in these tests carry a marker in ``questions_version`` to find them in the history.
MARKERS = ("m1", "laptop", "phone", "yes", "no")


def publish_questions(database_url: str, *versions: str) -> None:
    """Publish ``versions`` as (immaterial) copies of question texts "1": the server accepts
    only question versions it knows."""
    settings = ServerSettings(database_url=database_url)
    with admin.connect(settings) as db:
        first = db.get(QuestionSetRow, "1")
        assert first is not None
        top = db.scalar(select(func.max(QuestionSetRow.sequence))) or 1
        for version in versions:
            if db.get(QuestionSetRow, version) is None:
                top += 1
                db.add(
                    QuestionSetRow(
                        version=version,
                        sequence=top,
                        material=False,
                        published_at=first.published_at,
                        texts=first.texts,
                    )
                )
        db.commit()


def new_victim(database_url: str, base_url: str) -> Victim:
    """A victim record with an account registered through the running server."""
    publish_questions(database_url, *MARKERS)
    settings = ServerSettings(database_url=database_url)
    with admin.connect(settings) as db:
        subject = admin.create_subject(db, settings, f"REF-{uuid.uuid4().hex[:10]}")
        code = admin.issue_activation_code(db, settings, subject.id).code
        subject_id = subject.id
    username = f"v{uuid.uuid4().hex[:12]}"
    with ConsentClient(base_url) as client:
        client.register(code, username, PASSPHRASE)
    return Victim(username, subject_id)


def seed_victim(database_url: str) -> tuple[Victim, TokenPair]:
    """A registered, logged-in victim, made in-process on the database a server process will
    use (cheaper than one more server start); returns the session's tokens."""
    from consent_server.app import context_of, create_app
    from tests.support.testclient import TestClient

    settings = ServerSettings(database_url=database_url)
    publish_questions(database_url, *MARKERS)
    app = create_app(settings)
    try:
        with context_of(app).sessions() as db:
            subject = admin.create_subject(db, settings, f"REF-{uuid.uuid4().hex[:10]}")
            code = admin.issue_activation_code(db, settings, subject.id).code
            subject_id = subject.id
        username = f"v{uuid.uuid4().hex[:12]}"
        with TestClient(app, base_url="http://127.0.0.1") as api:
            body = {"activation_code": code, "username": username, "passphrase": PASSPHRASE}
            assert api.post("/v1/registrations", json=body).status_code == 201
            login = {"username": username, "passphrase": PASSPHRASE}
            session = Session.model_validate(api.post("/v1/sessions", json=login).json())
    finally:
        context_of(app).engine.dispose()
    return Victim(username, subject_id), TokenPair.from_session(session)


def client_with(base_url: str, tokens: TokenPair, **options: object) -> ConsentClient:
    client = ConsentClient(base_url, **options)  # type: ignore[arg-type]
    client.set_tokens(tokens)
    return client


def logged_in(base_url: str, victim: Victim, **options: object) -> ConsentClient:
    client = ConsentClient(base_url, **options)  # type: ignore[arg-type]
    client.login(victim.username, victim.passphrase)
    return client


def history(base_url: str, victim: Victim) -> list[PreferenceVersion]:
    """Every version of the victim's preferences, oldest first."""
    with logged_in(base_url, victim) as client:
        items: list[PreferenceVersion] = []
        cursor = None
        while True:
            page = client.history(victim.subject_id, cursor=cursor, limit=100)
            items.extend(page.items)
            if page.next_cursor is None:
                return sorted(items, key=lambda item: item.version)
            cursor = page.next_cursor
