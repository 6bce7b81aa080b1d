"""How the first question, the review and the receipt look at 80×24 in Dutch and English.

Fixed data and a fixed time zone, no server: the screens are given what they show.
Update after an intended change with ``pytest --snapshot-update``.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Callable, Iterator

import pytest
from textual.pilot import Pilot

from api_client import ConsentClient
from api_client.models import (
    Actor,
    ChangeMethod,
    Channel,
    ChannelKind,
    ConsentReceipt,
    Inform,
    PreferenceChoices,
    Preferences,
    Recipients,
    SafeContact,
)
from consent_app.app import ConsentApp
from consent_app.outbox import EntryState, Outbox
from consent_app.receipts import ReceiptView
from consent_app.screens.receipt import ReceiptScreen
from consent_app.screens.wizard import WizardScreen, WizardStart
from consent_app.settings import AppSettings
from tests.support.pilot import SIZE
from tests.support.topics import ALL_TOPICS

SnapCompare = Callable[..., bool]
SUBJECT = uuid.UUID("00000000-0000-4000-8000-000000000001")
ACCOUNT = uuid.UUID("00000000-0000-4000-8000-000000000002")
RECORDED = dt.datetime(2026, 3, 3, 13, 5, tzinfo=dt.UTC)

CHOICES = PreferenceChoices(
    inform=Inform.yes,
    topics=ALL_TOPICS,
    recipients=Recipients.me,
    channels=[
        Channel(kind=ChannelKind.email, address="me@example.nl"),
        Channel(kind=ChannelKind.app),
    ],
    safe_contact=SafeContact(hours="9:00-12:00", no_voicemail=True),
    paused_until=dt.date(2026, 9, 1),
)


@pytest.fixture(autouse=True)
def _fixed_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Europe/Amsterdam")
    time.tzset()
    monkeypatch.setattr(WizardScreen, "today", staticmethod(lambda: dt.date(2026, 3, 3)))
    yield
    monkeypatch.undo()
    time.tzset()


def _app(client: ConsentClient, language: str) -> ConsentApp:
    settings = AppSettings(language=language)  # type: ignore[arg-type]
    return ConsentApp(settings, client, outbox_factory=Outbox.in_memory)


def _start(choices: PreferenceChoices | None = None) -> WizardStart:
    document = Preferences(
        subject_id=SUBJECT,
        version=0 if choices is None else 4,
        updated_at=None if choices is None else RECORDED,
        updated_by=None,
        **(choices or PreferenceChoices()).model_dump(),
    )
    return WizardStart(SUBJECT, ACCOUNT, document)


async def _first_question(pilot: Pilot[None]) -> None:
    pilot.app.push_screen(WizardScreen(_start()))
    await pilot.pause()


async def _review(pilot: Pilot[None]) -> None:
    pilot.app.push_screen(WizardScreen(_start(CHOICES)))
    await pilot.pause()
    for _ in range(7):  # keep every answer of the seven as it was: straight to the review
        await pilot.press("ctrl+n")
        await pilot.pause()


async def _receipt(pilot: Pilot[None]) -> None:
    receipt = ConsentReceipt(
        receipt_id=uuid.UUID("00000000-0000-4000-8000-000000000003"),
        version=5,
        subject_id=SUBJECT,
        consent_timestamp=RECORDED,
        collection_method=ChangeMethod.self_service,
        actor=Actor(account_id=ACCOUNT, role=None, relation="self"),
        language="nl",
        notice_version="1",
        purposes={"new_findings": True},
        decision=Inform.yes,
        recipients=Recipients.me,
        channels=[ChannelKind.email, ChannelKind.app],
        paused_until=CHOICES.paused_until,
        controller="test",
    )
    view = ReceiptView(CHOICES, receipt, EntryState.sent, True, subject_id=SUBJECT)
    pilot.app.push_screen(ReceiptScreen(view))
    await pilot.pause()


async def _waiting_receipt(pilot: Pilot[None]) -> None:
    view = ReceiptView(CHOICES, None, EntryState.pending, durable=False)
    pilot.app.push_screen(ReceiptScreen(view))
    await pilot.pause()


@pytest.mark.parametrize("language", ["en", "nl"])
def test_first_question(
    snap_compare: SnapCompare, offline_client: ConsentClient, language: str
) -> None:
    app = _app(offline_client, language)
    assert snap_compare(app, terminal_size=SIZE, run_before=_first_question)


@pytest.mark.parametrize("language", ["en", "nl"])
def test_review(snap_compare: SnapCompare, offline_client: ConsentClient, language: str) -> None:
    app = _app(offline_client, language)
    assert snap_compare(app, terminal_size=SIZE, run_before=_review)


@pytest.mark.parametrize("language", ["en", "nl"])
def test_receipt(snap_compare: SnapCompare, offline_client: ConsentClient, language: str) -> None:
    app = _app(offline_client, language)
    assert snap_compare(app, terminal_size=SIZE, run_before=_receipt)


def test_receipt_waiting_without_a_safe_place(
    snap_compare: SnapCompare, offline_client: ConsentClient
) -> None:
    app = _app(offline_client, "en")
    assert snap_compare(app, terminal_size=SIZE, run_before=_waiting_receipt)
