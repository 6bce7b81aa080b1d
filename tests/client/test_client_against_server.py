"""The client against the real server: in-process through ``httpx.ASGITransport`` (async
client) and as a real ``consent-server serve`` process on loopback (sync client).

Fixtures come from tests/conftest.py: ``server_app``, ``seeded``, ``clock``, ``live_server``.
"""

from __future__ import annotations

import datetime as dt
import socket
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from api_client import AsyncConsentClient, ConsentClient, TokenPair, errors, models
from consent_server import admin
from consent_server.clock import MovableClock
from consent_server.settings import ServerSettings
from tests.support.accounts import Seeded, register_and_log_in
from tests.support.topics import ALL_TOPICS

PASSPHRASE = "a quiet river at dawn"
NEW_PASSPHRASE = "another quiet river at dusk"


def unique_username() -> str:
    return f"victim-{uuid.uuid4().hex[:10]}"


# --- sync client, real server process on loopback ----------------------------------------


@pytest.fixture
def live_code(live_server_database_url: str) -> tuple[uuid.UUID, str]:
    """A fresh victim record in the live server's database and an activation code for it."""
    settings = ServerSettings(database_url=live_server_database_url)
    with admin.connect(settings) as db:
        subject = admin.create_subject(db, settings, f"CASE-{uuid.uuid4().hex[:8]}")
        code = admin.issue_activation_code(db, settings, subject.id).code
        return subject.id, code


def test_a_victim_goes_from_registration_to_logout(
    live_server: str, live_code: tuple[uuid.UUID, str]
) -> None:
    subject_id, code = live_code
    username = unique_username()
    changes: list[TokenPair | None] = []

    with ConsentClient(live_server) as client:
        client.on_tokens_changed = changes.append
        assert client.health().status == "ok"

        account = client.register(code, username, PASSPHRASE)
        assert (account.username, account.role) == (username, models.Role.victim)
        with pytest.raises(errors.BadRequestError) as used:
            client.register(code, unique_username(), PASSPHRASE)
        assert used.value.code == "invalid-activation-code"

        with pytest.raises(errors.AuthenticationError) as wrong:
            client.login(username, "not the passphrase at all")
        assert wrong.value.code == "invalid-credentials"
        assert client.tokens is None

        session = client.login(username, PASSPHRASE)
        assert client.tokens == TokenPair.from_session(session)
        assert changes == [client.tokens]

        me = client.me()
        assert [(s.subject_id, s.relation) for s in me.subjects] == [(subject_id, "self")]

        first = client.get_preferences(subject_id)
        assert (first.version, first.inform) == (0, models.Inform.undecided)

        write = models.PreferenceWrite(
            inform=models.Inform.yes,
            topics=ALL_TOPICS,
            channels=[models.Channel(kind=models.ChannelKind.app)],
            language="en",
        )
        saved = client.put_preferences(subject_id, write, if_match=0, idempotency_key="key-1")
        assert (saved.version, saved.inform) == (1, models.Inform.yes)

        # The same key and body again (an outbox re-send): the stored answer, no new version.
        again = client.put_preferences(subject_id, write, if_match=0, idempotency_key="key-1")
        assert again.version == 1
        other = write.model_copy(update={"inform": models.Inform.no})
        with pytest.raises(errors.UnprocessableError) as reused:
            client.put_preferences(subject_id, other, if_match=0, idempotency_key="key-1")
        assert reused.value.code == "idempotency-key-reused"

        with pytest.raises(errors.PreconditionFailedError) as stale:
            client.put_preferences(subject_id, other, if_match=0)
        assert stale.value.current is not None
        assert (stale.value.current.version, stale.value.current.inform) == (1, models.Inform.yes)

        history = client.history(subject_id)
        assert [item.version for item in history.items] == [1]
        assert history.items[0].preferences.inform is models.Inform.yes

        receipt = client.receipt(subject_id, 1)
        assert (receipt.version, receipt.decision) == (1, models.Inform.yes)

        before_refresh = client.tokens
        assert before_refresh is not None
        client.refresh()
        assert client.tokens is not None
        assert client.tokens.refresh_token != before_refresh.refresh_token
        assert client.me().account.username == username

        kept = client.tokens
        client.logout()
        assert client.tokens is None
        assert changes[-1] is None

    # Both tokens of the ended session are refused: the access token, then the refresh.
    with ConsentClient(live_server) as stranger:
        stranger.set_tokens(kept)
        with pytest.raises(errors.AuthenticationError):
            stranger.get_preferences(subject_id)
        assert stranger.tokens is None  # the refresh was refused, so the session is gone


def test_plain_http_to_the_live_server_works_only_on_loopback(live_server: str) -> None:
    port = httpx.URL(live_server).port
    with ConsentClient(f"http://localhost:{port}") as client:
        assert client.health().status == "ok"
    with pytest.raises(errors.InsecureTransportError):
        ConsentClient(f"http://consent.example.org:{port}")


def test_nothing_listening_is_a_connection_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # Nothing listens on the port once the probe is closed.
    client = ConsentClient(f"http://127.0.0.1:{port}", max_retries=0)
    with client, pytest.raises(errors.ApiConnectionError):
        client.health()


# --- async client, the app in-process -------------------------------------------------------


@pytest.fixture
async def async_client(server_app: FastAPI) -> AsyncIterator[AsyncConsentClient]:
    transport = httpx.ASGITransport(app=server_app)
    async with AsyncConsentClient("http://127.0.0.1", transport=transport) as client:
        yield client


@pytest.mark.anyio
async def test_async_client_flow_with_an_expired_access_token(
    async_client: AsyncConsentClient, seeded: Seeded, clock: MovableClock
) -> None:
    username = await register_and_log_in(async_client, seeded.activation_code, PASSPHRASE)
    changes: list[TokenPair | None] = []
    async_client.on_tokens_changed = changes.append

    document = await async_client.get_preferences(seeded.subject_id)
    assert (document.version, document.inform) == (0, models.Inform.undecided)

    # The access token expires; the next call renews the session on its own.
    clock.advance(minutes=16)
    write = models.PreferenceWrite(inform=models.Inform.no)
    saved = await async_client.put_preferences(seeded.subject_id, write, if_match=0)
    assert (saved.version, saved.inform) == (1, models.Inform.no)
    assert len(changes) == 1 and changes[0] is async_client.tokens

    history = await async_client.history(seeded.subject_id, limit=1)
    assert [item.version for item in history.items] == [1]
    receipt = await async_client.receipt(seeded.subject_id, 1)
    assert receipt.decision is models.Inform.no

    await async_client.change_passphrase(PASSPHRASE, NEW_PASSPHRASE)
    await async_client.logout()
    assert async_client.tokens is None
    with pytest.raises(errors.AuthenticationError):
        await async_client.me()
    await async_client.login(username, NEW_PASSPHRASE)


@pytest.mark.anyio
async def test_staff_create_a_record_and_a_code_the_victim_registers_with(
    async_client: AsyncConsentClient, seeded: Seeded
) -> None:
    await async_client.login(seeded.staff_username, seeded.staff_passphrase)
    subject = await async_client.create_subject(
        models.SubjectCreate(reference="CASE-0042", date_of_birth=dt.date(2001, 2, 3))
    )
    assert (subject.reference, subject.has_account) == ("CASE-0042", False)
    issued = await async_client.issue_activation_code(subject.id)
    assert "code=" not in repr(issued)
    await async_client.logout()

    await register_and_log_in(async_client, issued.code, PASSPHRASE)
    me = await async_client.me()
    assert [access.subject_id for access in me.subjects] == [subject.id]


@pytest.mark.anyio
async def test_another_victims_record_is_not_found(
    async_client: AsyncConsentClient, seeded: Seeded
) -> None:
    await register_and_log_in(async_client, seeded.activation_code, PASSPHRASE)
    other = seeded.new_subject()
    for subject_id in (other, uuid.uuid4()):
        with pytest.raises(errors.NotFoundError) as caught:
            await async_client.get_preferences(subject_id)
        assert caught.value.code == "subject-not-found"


@pytest.mark.anyio
async def test_calls_without_a_session_are_refused(async_client: AsyncConsentClient) -> None:
    with pytest.raises(errors.AuthenticationError):
        await async_client.me()
    with pytest.raises(errors.AuthenticationError):
        await async_client.refresh()


@pytest.mark.anyio
async def test_reusing_a_rotated_refresh_token_ends_the_session(
    async_client: AsyncConsentClient, server_app: FastAPI, seeded: Seeded
) -> None:
    await register_and_log_in(async_client, seeded.activation_code, PASSPHRASE)
    stolen = async_client.tokens
    await async_client.refresh()

    transport = httpx.ASGITransport(app=server_app)
    async with AsyncConsentClient("http://127.0.0.1", transport=transport) as thief:
        thief.set_tokens(stolen)
        with pytest.raises(errors.AuthenticationError):
            await thief.refresh()
        assert thief.tokens is None
    # The reuse revoked the whole family, including the rightful holder's new tokens.
    with pytest.raises(errors.AuthenticationError):
        await async_client.me()
    assert async_client.tokens is None


@pytest.mark.anyio
async def test_async_client_finds_records_by_reference_and_recent(
    async_client: AsyncConsentClient, seeded: Seeded
) -> None:
    await async_client.login(seeded.staff_username, seeded.staff_passphrase)
    made = [seeded.new_subject(f"FIND-ASYNC-{number}") for number in range(3)]
    first = await async_client.find_subjects("FIND-ASYNC", prefix=True, limit=2)
    assert [subject.reference for subject in first.items] == ["FIND-ASYNC-0", "FIND-ASYNC-1"]
    rest = await async_client.find_subjects("FIND-ASYNC", prefix=True, cursor=first.next_cursor)
    assert [subject.id for subject in rest.items] == [made[2]]
    exact = await async_client.find_subjects("FIND-ASYNC-1")
    assert [subject.id for subject in exact.items] == [made[1]]
    await async_client.get_subject(made[0])
    recent = await async_client.recent_subjects()
    assert [subject.id for subject in recent.items] == [made[0]]
    with pytest.raises(errors.UnprocessableError) as short:
        await async_client.find_subjects("FI", prefix=True)
    assert short.value.code == "reference-prefix-too-short"


def test_sync_client_finds_a_record_and_a_victim_may_not(
    live_server: str, live_server_database_url: str, live_code: tuple[uuid.UUID, str]
) -> None:
    subject_id, code = live_code
    settings = ServerSettings(database_url=live_server_database_url)
    staff_name = f"staff-{uuid.uuid4().hex[:8]}"
    with admin.connect(settings) as db:
        admin.create_staff(db, settings, staff_name, PASSPHRASE)
    with ConsentClient(live_server) as client:
        client.login(staff_name, PASSPHRASE)
        reference = client.get_subject(subject_id).reference
        found = client.find_subjects(reference)
        assert [subject.id for subject in found.items] == [subject_id]
        assert [subject.id for subject in client.recent_subjects().items] == [subject_id]
        client.logout()
        username = unique_username()
        client.register(code, username, PASSPHRASE)
        client.login(username, PASSPHRASE)
        with pytest.raises(errors.PermissionDeniedError):
            client.find_subjects(reference)


@pytest.mark.anyio
async def test_async_client_lists_and_withdraws_the_victims_invitations(
    async_client: AsyncConsentClient, seeded: Seeded
) -> None:
    # These two methods were missing from the async client before its operations were
    # declared once for both clients (api_client/operations.py).
    await register_and_log_in(async_client, seeded.activation_code, PASSPHRASE)
    await async_client.create_invitation(
        models.InvitationCreate(
            subject_id=seeded.subject_id,
            kind=models.DelegationKind.lawyer,
            permissions=[models.Permission.view],
        )
    )
    (pending,) = await async_client.list_invitations(seeded.subject_id)
    assert pending.kind is models.DelegationKind.lawyer

    await async_client.withdraw_invitation(seeded.subject_id, pending.id)
    assert await async_client.list_invitations(seeded.subject_id) == []
