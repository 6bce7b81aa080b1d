"""The async client's notice methods against the app in-process (httpx.ASGITransport)."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import httpx
import pytest

from api_client import AsyncConsentClient, models
from api_client.notices import FindingCreate, FindingKind, Outcome, OutcomeCreate
from consent_server.clock import MovableClock
from tests.support.accounts import Person, Seeded, insert_account
from tests.support.topics import ALL_TOPICS

PASSPHRASE = "the notifier's long passphrase"


@pytest.fixture
async def clients(
    server_app: object,
) -> AsyncIterator[tuple[AsyncConsentClient, AsyncConsentClient]]:
    transport = httpx.ASGITransport(app=server_app)  # type: ignore[arg-type]
    async with (
        AsyncConsentClient("http://127.0.0.1", transport=transport) as victim,
        AsyncConsentClient("http://127.0.0.1", transport=transport) as notifier,
    ):
        yield victim, notifier


@pytest.mark.anyio
async def test_async_round_trip_from_finding_to_outcome(
    clients: tuple[AsyncConsentClient, AsyncConsentClient],
    seeded: Seeded,
    victim: Person,
    clock: MovableClock,
) -> None:
    victim_client, notifier_client = clients
    insert_account(seeded.app, "police.desk", PASSPHRASE, models.Role.notifier)
    await victim_client.login(victim.username, victim.passphrase)
    await notifier_client.login("police.desk", PASSPHRASE)
    subject_id = victim.subject_id
    assert subject_id is not None
    write = models.PreferenceWrite(
        inform=models.Inform.yes,
        topics=ALL_TOPICS,
        recipients=models.Recipients.me,
        channels=[models.Channel(kind=models.ChannelKind.phone, address="+31 6 1111 2222")],
        safe_contact=models.SafeContact(days=[models.Weekday.tue], hours="10:00-11:00"),
    )
    await victim_client.put_preferences(subject_id, write, if_match=0)

    body = FindingCreate(kind=FindingKind.removal_done, case_reference="Z-9", authority="Politie")
    finding = await notifier_client.record_finding(subject_id, body, idempotency_key="f-1")
    again = await notifier_client.record_finding(subject_id, body, idempotency_key="f-1")
    assert again == finding
    (delivery,) = finding.deliveries
    # 2026-06-01 is a Monday; Tuesday 10:00 summer time is 08:00 UTC.
    assert delivery.due_at == dt.datetime(2026, 6, 2, 8, 0, tzinfo=dt.UTC)
    assert await notifier_client.due_deliveries() == []

    clock.current = dt.datetime(2026, 6, 2, 8, 30, tzinfo=dt.UTC)
    await notifier_client.login("police.desk", PASSPHRASE)  # the old token has expired
    (due,) = await notifier_client.due_deliveries()
    assert due.channel.address == "+31 6 1111 2222"
    done = await notifier_client.record_outcome(
        due.delivery.id, OutcomeCreate(outcome=Outcome.not_reached)
    )
    assert done.outcome == Outcome.not_reached and done.outcome_at == clock.current
    await victim_client.login(victim.username, victim.passphrase)
    assert (await victim_client.my_notices()).items == []
    assert (await notifier_client.run_digests()).digests == 0
    responses = await notifier_client.notice_responses(subject_id)
    assert responses.items == []
