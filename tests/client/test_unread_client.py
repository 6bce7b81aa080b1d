"""``my_unread_notices``, sync against a real server process and async in-process."""

from __future__ import annotations

import uuid

import httpx
import pytest
from fastapi import FastAPI

from api_client import AsyncConsentClient, ConsentClient, models
from api_client.notices import FindingCreate, FindingKind, RecordUnread, UnreadCount
from consent_server import admin
from consent_server.settings import ServerSettings
from tests.support.accounts import Person, Seeded, insert_account

PASSPHRASE = "a quiet river at dawn in winter"
APP_ONLY = models.PreferenceWrite(
    inform=models.Inform.yes,
    topics=models.Topics(new_findings=True, proceedings=True, compensation=True, removal=True),
    channels=[models.Channel(kind=models.ChannelKind.app)],
)
FINDING = FindingCreate(kind=FindingKind.removal_done, case_reference="Z-1", authority="Politie")


def test_sync_client_counts_the_unread_notices(
    live_server: str, live_server_database_url: str
) -> None:
    settings = ServerSettings(database_url=live_server_database_url)
    suffix = uuid.uuid4().hex[:8]
    with admin.connect(settings) as db:
        subject_id = admin.create_subject(db, settings, f"UNREAD-{suffix}").id
        code = admin.issue_activation_code(db, settings, subject_id).code
        admin.create_account(db, settings, f"desk-{suffix}", PASSPHRASE, models.Role.notifier)
    with ConsentClient(live_server) as victim, ConsentClient(live_server) as notifier:
        victim.register(code, f"victim-{suffix}", PASSPHRASE)
        victim.login(f"victim-{suffix}", PASSPHRASE)
        assert victim.my_unread_notices() == UnreadCount(unread=0, records=[])
        victim.put_preferences(subject_id, APP_ONLY, if_match=0)
        notifier.login(f"desk-{suffix}", PASSPHRASE)
        notifier.record_finding(subject_id, FINDING, idempotency_key=f"unread-{suffix}")
        assert victim.my_unread_notices() == UnreadCount(
            unread=1, records=[RecordUnread(subject_id=subject_id, unread=1)]
        )


@pytest.mark.anyio
async def test_async_client_counts_the_unread_notices(
    server_app: FastAPI, seeded: Seeded, victim: Person
) -> None:
    assert victim.subject_id is not None
    insert_account(seeded.app, "police.desk", PASSPHRASE, models.Role.notifier)
    transport = httpx.ASGITransport(app=server_app)
    async with (
        AsyncConsentClient("http://127.0.0.1", transport=transport) as victim_client,
        AsyncConsentClient("http://127.0.0.1", transport=transport) as notifier_client,
    ):
        await victim_client.login(victim.username, victim.passphrase)
        await notifier_client.login("police.desk", PASSPHRASE)
        await victim_client.put_preferences(victim.subject_id, APP_ONLY, if_match=0)
        for number in range(2):
            body = FINDING.model_copy(update={"case_reference": f"Z-{number}"})
            await notifier_client.record_finding(victim.subject_id, body)
        counted = await victim_client.my_unread_notices()
        assert (counted.unread, [r.subject_id for r in counted.records]) == (
            2,
            [victim.subject_id],
        )
