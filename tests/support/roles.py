"""People of every role on the live server, for the app's role tests (the fixtures
``people`` and ``app_client`` in tests/app/conftest.py build on it).

Accounts are made in the database, as an administrator would (the live server allows only a
few registrations per address; registering is tested elsewhere).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from textual.pilot import Pilot
from textual.widgets import Button

from api_client import ConsentClient
from api_client.models import (
    DelegationCreate,
    DelegationKind,
    InvitationCreate,
    Permission,
    Role,
)
from consent_app.app import ConsentApp
from consent_app.i18n import Language
from consent_app.outbox import Outbox
from consent_app.settings import AppSettings
from consent_server import admin
from consent_server.settings import ServerSettings
from consent_server.tables import SubjectRow
from tests.support.pilot import screen_text, settle

PASSPHRASE = "calm lake behind the quiet hills"


@dataclass(frozen=True)
class LiveVictim:
    """A victim account on the live server with its record (``reference`` as staff see it)."""

    username: str
    subject_id: uuid.UUID | None = None
    reference: str = ""


class People:
    """Makes accounts and records on the live server's database."""

    def __init__(self, live_server: str, database_url: str) -> None:
        self.live_server = live_server
        self.settings = ServerSettings(database_url=database_url)

    def account(self, role: Role, prefix: str) -> str:
        username = f"{prefix}.{uuid.uuid4().hex[:8]}"
        with admin.connect(self.settings) as db:
            admin.create_account(db, self.settings, username, PASSPHRASE, role)
        return username

    def record(self, language: str = "nl") -> tuple[uuid.UUID, str]:
        reference = f"REF-{uuid.uuid4().hex[:8]}"
        with admin.connect(self.settings) as db:
            subject = admin.create_subject(db, self.settings, reference, language=language)
        return subject.id, reference

    def victim(self) -> LiveVictim:
        subject_id, reference = self.record()
        username = f"victim.{uuid.uuid4().hex[:8]}"
        with admin.connect(self.settings) as db:
            account = admin.create_account(db, self.settings, username, PASSPHRASE, Role.victim)
            row = db.get(SubjectRow, subject_id)
            assert row is not None
            row.account_id = account.id
            db.commit()
        return LiveVictim(username, subject_id, reference)

    def mandate(
        self,
        victim: LiveVictim,
        permissions: Sequence[Permission],
        *,
        kind: DelegationKind = DelegationKind.guardian,
        prefix: str = "rep",
    ) -> str:
        """The victim gives a new representative account a mandate, with the typed client;
        returns the representative's username."""
        representative = self.account(Role.representative, prefix)
        assert victim.subject_id is not None
        with self.client(victim.username) as own:
            own.create_delegation(
                victim.subject_id,
                DelegationCreate(
                    representative_username=representative,
                    kind=kind,
                    permissions=list(permissions),
                ),
            )
        return representative

    def invitation(self, victim: LiveVictim, permissions: Sequence[Permission]) -> str:
        """The victim makes an invitation code for a lawyer; returns the code."""
        assert victim.subject_id is not None
        with self.client(victim.username) as own:
            invitation = InvitationCreate(
                subject_id=victim.subject_id,
                kind=DelegationKind.lawyer,
                permissions=list(permissions),
            )
            return own.create_invitation(invitation).code

    def client(self, username: str) -> ConsentClient:
        client = ConsentClient(self.live_server, timeout=5, max_retries=0)
        client.login(username, PASSPHRASE)
        return client


def make_app(client: ConsentClient, language: Language = "en") -> ConsentApp:
    """An app of ``client`` in ``language``, with an outbox in memory."""
    box = Outbox.in_memory()
    return ConsentApp(AppSettings(language=language), client, outbox_factory=lambda: box)


async def log_in(app: ConsentApp, pilot: Pilot[None], username: str) -> None:
    """As the login screen does once the passphrase was right."""
    app.client.login(username, PASSPHRASE)
    app.start_session(username, remember_me=False)
    await settle(app, pilot)


def flat(app: ConsentApp) -> str:
    """The screen as one line: texts that wrap still match."""
    return " ".join(screen_text(app).split())


async def press(pilot: Pilot[None], selector: str) -> None:
    """Press a button as Enter on it would: a click can miss when a message just moved it."""
    pilot.app.screen.query_one(selector, Button).press()
    await pilot.pause()
