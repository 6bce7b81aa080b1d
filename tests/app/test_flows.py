"""The app against a real ``consent-server`` process on loopback (``live_server``)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from textual.widgets import Input

from api_client import ConsentClient
from consent_app.app import ConsentApp
from consent_app.navigation import Mode
from consent_app.screens.home import HomeScreen
from consent_app.screens.lock import LockScreen
from consent_app.screens.login import LoginScreen
from consent_app.screens.start import StartScreen
from consent_app.settings import AppSettings
from consent_server import admin
from consent_server.settings import ServerSettings
from tests.support.pilot import SIZE, FakeClock, idle_for, screen_text, settle

pytestmark = pytest.mark.anyio

PASSPHRASE = "quiet river under the old bridge"


@pytest.fixture
def new_code(live_server_database_url: str) -> str:
    """An unused activation code for a fresh victim record on the live server."""
    settings = ServerSettings(database_url=live_server_database_url)
    with admin.connect(settings) as db:
        subject = admin.create_subject(db, settings, f"APP-{uuid.uuid4().hex[:10]}")
        return admin.issue_activation_code(db, settings, subject.id).code


@pytest.fixture
def username() -> str:
    return f"person.{uuid.uuid4().hex[:8]}"


@pytest.fixture
def live_client(live_server: str) -> Iterator[ConsentClient]:
    with ConsentClient(live_server, timeout=5, max_retries=0) as client:
        yield client


@pytest.fixture
def registered(live_client: ConsentClient, new_code: str, username: str) -> str:
    live_client.register(new_code, username, PASSPHRASE)
    return username


def _app(client: ConsentClient, clock: FakeClock | None = None, **settings: object) -> ConsentApp:
    settings.setdefault("language", "en")
    return ConsentApp(
        AppSettings(**settings),  # type: ignore[arg-type]
        client,
        clock=clock or FakeClock(),
    )


async def test_register_logs_in_and_home_shows_nothing_decided_yet(
    live_client: ConsentClient, new_code: str, username: str
) -> None:
    app = _app(live_client)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#register")
        await pilot.pause()
        screen = app.screen
        screen.query_one("#code", Input).value = new_code.lower().replace("-", " ")
        screen.query_one("#username", Input).value = username
        screen.query_one("#passphrase", Input).value = PASSPHRASE
        screen.query_one("#repeat", Input).value = PASSPHRASE
        await pilot.pause()  # let the strength line settle before clicking below it
        await pilot.click("#submit")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        text = screen_text(app)
        assert "Not decided yet" in text
        assert "Nothing has been recorded yet." in text
        assert live_client.tokens is not None
        assert app.current_mode == Mode.victim
        assert len(app.screen_stack) == 1  # start and register are gone


async def test_used_activation_code_is_explained_next_to_the_field(
    live_client: ConsentClient, new_code: str, registered: str
) -> None:
    app = _app(live_client)
    async with app.run_test(size=SIZE) as pilot:
        app.show_register()
        await pilot.pause()
        screen = app.screen
        screen.query_one("#code", Input).value = new_code
        screen.query_one("#username", Input).value = registered + "x"
        screen.query_one("#passphrase", Input).value = PASSPHRASE
        screen.query_one("#repeat", Input).value = PASSPHRASE
        await pilot.pause()  # let the strength line settle before clicking below it
        await pilot.click("#submit")
        await settle(app, pilot)
        assert "This activation code does not work" in screen_text(app)
        assert screen.query_one("#username", Input).value == registered + "x"


async def test_wrong_passphrase_gives_a_calm_message_and_keeps_the_username(
    live_client: ConsentClient, registered: str
) -> None:
    app = _app(live_client, language="nl")
    async with app.run_test(size=SIZE) as pilot:
        app.show_login()
        await pilot.pause()
        app.screen.query_one("#username", Input).value = registered
        app.screen.query_one("#passphrase", Input).value = "not the passphrase at all"
        await pilot.click("#submit")
        await settle(app, pilot)
        assert isinstance(app.screen, LoginScreen)
        assert "De gebruikersnaam of de wachtzin klopt niet." in screen_text(app)
        assert app.screen.query_one("#username", Input).value == registered
        assert app.screen.query_one("#passphrase", Input).value == ""
        assert live_client.tokens is None


async def test_login_then_logout_ends_the_session_everywhere(
    live_client: ConsentClient, registered: str
) -> None:
    app = _app(live_client)
    async with app.run_test(size=SIZE) as pilot:
        app.show_login()
        await pilot.pause()
        await pilot.press(*registered, "enter")
        app.screen.query_one("#passphrase", Input).value = PASSPHRASE
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        old_tokens = live_client.tokens
        assert old_tokens is not None
        await pilot.click("#logout")
        await settle(app, pilot)
        assert isinstance(app.screen, StartScreen)
        assert live_client.tokens is None
        assert app.session is None
    # The server revoked the session: the old token no longer works.
    with ConsentClient(live_client_base(live_client), max_retries=0) as other:
        other.set_tokens(old_tokens)
        with pytest.raises(Exception):  # noqa: B017 - any refusal will do
            other.me()


def live_client_base(client: ConsentClient) -> str:
    return str(client._base_url).rstrip("/")


async def test_auto_lock_asks_for_the_passphrase_and_lets_the_person_back_in(
    live_client: ConsentClient, registered: str, fake_clock: FakeClock
) -> None:
    live_client.login(registered, PASSPHRASE)
    app = _app(live_client, fake_clock)
    async with app.run_test(size=SIZE) as pilot:
        app.start_session(registered, remember_me=False)
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        await idle_for(app, pilot, fake_clock, app.settings.auto_lock_seconds)
        assert isinstance(app.screen, LockScreen)
        assert live_client.tokens is None
        assert "Not decided yet" not in screen_text(app)
        assert registered not in screen_text(app)
        app.screen.query_one("#passphrase", Input).value = PASSPHRASE
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        assert live_client.tokens is not None
