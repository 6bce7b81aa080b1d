"""'Remember me': tokens in a keyring under a neutral name, or in memory with an explanation."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from keyring.backends import fail
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input

from api_client import ConsentClient
from api_client.tokens import TokenPair
from consent_app.app import ConsentApp
from consent_app.screens.home import HomeScreen
from consent_app.screens.start import StartScreen
from consent_app.session_store import DEVICE_ENTRY, SERVICE, SessionStore
from consent_server import admin
from consent_server.settings import ServerSettings
from tests.support.keyrings import MemoryKeyring
from tests.support.pilot import app_with_store, screen_text, settle

PASSPHRASE = "quiet river under the old bridge"


def _tokens(hours: int = 1) -> TokenPair:
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=hours)
    return TokenPair("a" * 32, "r" * 32, later, later)


def test_session_is_kept_under_a_neutral_name_and_read_back() -> None:
    backend = MemoryKeyring()
    store = SessionStore(backend)
    assert store.save("alice", _tokens())
    [(service, _entry)] = backend.entries
    assert service == SERVICE
    assert "consent" not in service.lower() and "victim" not in service.lower()
    remembered = store.load()
    assert remembered is not None
    assert remembered.username == "alice"
    assert remembered.tokens.refresh_token == "r" * 32
    assert "r" * 32 not in repr(remembered)
    store.clear()
    assert store.load() is None


def test_expired_or_damaged_entries_are_dropped() -> None:
    backend = MemoryKeyring()
    store = SessionStore(backend)
    store.save("alice", _tokens(hours=-1))
    assert store.load() is None
    assert backend.entries == {}
    backend.set_password(SERVICE, "session", "{not json")
    assert store.load() is None


def test_without_a_working_keyring_nothing_is_stored() -> None:
    store = SessionStore(fail.Keyring())
    assert store.save("alice", _tokens()) is False
    assert store.load() is None


def test_file_based_keyrings_are_refused() -> None:
    class PlaintextKeyring(MemoryKeyring):
        pass

    PlaintextKeyring.__module__ = "keyrings.alt.file"
    backend = PlaintextKeyring()
    assert SessionStore(backend).save("alice", _tokens()) is False
    assert backend.entries == {}


@pytest.fixture
def account(live_server: str, live_server_database_url: str) -> str:
    settings = ServerSettings(database_url=live_server_database_url)
    with admin.connect(settings) as db:
        subject = admin.create_subject(db, settings, f"KEEP-{uuid.uuid4().hex[:10]}")
        code = admin.issue_activation_code(db, settings, subject.id).code
    username = f"keep.{uuid.uuid4().hex[:8]}"
    with ConsentClient(live_server, max_retries=0) as client:
        client.register(code, username, PASSPHRASE)
    return username


async def _log_in(app: ConsentApp, pilot: Pilot[None], username: str, remember: bool) -> None:
    app.show_login()
    await pilot.pause()
    app.screen.query_one("#username", Input).value = username
    app.screen.query_one("#passphrase", Input).value = PASSPHRASE
    if remember:
        app.screen.query_one("#remember", Checkbox).value = True
    await pilot.pause()
    await pilot.click("#submit")
    await settle(app, pilot)


@pytest.mark.anyio
async def test_remembered_login_opens_home_next_time_and_logout_forgets_it(
    live_server: str, account: str
) -> None:
    backend = MemoryKeyring()
    async with app_with_store(live_server, SessionStore(backend)) as (app, pilot, _client):
        await _log_in(app, pilot, account, remember=True)
        assert isinstance(app.screen, HomeScreen)
    stored = json.loads(backend.entries[(SERVICE, "session")])
    assert stored["username"] == account

    async with app_with_store(live_server, SessionStore(backend)) as (app, pilot, _client):
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "Not decided yet" in screen_text(app)
        await pilot.click("#logout")
        await settle(app, pilot)
        assert isinstance(app.screen, StartScreen)
    assert backend.entries == {}


@pytest.mark.anyio
async def test_without_a_keyring_the_session_stays_in_memory_and_the_app_says_so(
    live_server: str, account: str
) -> None:
    nowhere = SessionStore(fail.Keyring())
    async with app_with_store(live_server, nowhere, "nl") as (app, pilot, client):
        await _log_in(app, pilot, account, remember=True)
        assert isinstance(app.screen, HomeScreen)
        messages = [n.message for n in app._notifications]
        assert any("geen veilige plek" in m for m in messages)
        assert client.tokens is not None


@pytest.mark.anyio
async def test_not_ticking_remember_me_stores_nothing(live_server: str, account: str) -> None:
    backend = MemoryKeyring()
    async with app_with_store(live_server, SessionStore(backend)) as (app, pilot, _client):
        await _log_in(app, pilot, account, remember=False)
        assert isinstance(app.screen, HomeScreen)
    assert backend.entries == {}


def test_the_device_token_outlives_an_expired_session_and_goes_with_a_logout() -> None:
    backend = MemoryKeyring()
    store = SessionStore(backend)
    assert store.save_device_token("alice", "opaque-device-token")
    store.save("alice", _tokens(hours=-1))
    assert store.load() is None  # the expired session is dropped ...
    assert store.load_device_token() == ("alice", "opaque-device-token")  # ... this is not
    assert {service for service, _ in backend.entries} == {SERVICE}
    store.clear()
    assert backend.entries == {}
    backend.set_password(SERVICE, DEVICE_ENTRY, "{not json")
    assert store.load_device_token() is None and backend.entries == {}


@pytest.mark.anyio
async def test_a_remembered_login_keeps_the_device_token_for_the_next_login(
    live_server: str, account: str
) -> None:
    backend = MemoryKeyring()
    async with app_with_store(live_server, SessionStore(backend)) as (app, pilot, client):
        await _log_in(app, pilot, account, remember=True)
        assert isinstance(app.screen, HomeScreen)
    token = client.device_token(account)
    assert token is not None
    assert json.loads(backend.entries[(SERVICE, DEVICE_ENTRY)]) == {
        "username": account,
        "token": token,
    }
    del backend.entries[(SERVICE, "session")]  # as if the remembered session had run out

    async with app_with_store(live_server, SessionStore(backend)) as (app, pilot, client):
        await settle(app, pilot)
        assert isinstance(app.screen, StartScreen)  # logging in is needed again ...
        assert client.device_token(account) == token  # ... and will send the token


@pytest.mark.anyio
async def test_without_remember_me_the_device_token_stays_in_memory_only(
    live_server: str, account: str
) -> None:
    backend = MemoryKeyring()
    async with app_with_store(live_server, SessionStore(backend)) as (app, pilot, client):
        await _log_in(app, pilot, account, remember=False)
        assert isinstance(app.screen, HomeScreen)
        assert client.device_token(account) is not None
    assert backend.entries == {}
