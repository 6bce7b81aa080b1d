"""Registering with a passphrase the server refuses: the reason stays next to the field and
the passphrase the person typed is kept, so they can change it instead of starting over."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from textual.widgets import Input

from api_client import ConsentClient
from consent_app.app import ConsentApp
from consent_app.screens.register import RegisterScreen
from consent_app.settings import AppSettings
from consent_server import admin
from consent_server.settings import ServerSettings
from tests.support.pilot import SIZE, FakeClock, screen_text, settle

pytestmark = pytest.mark.anyio

COMMON = "abcdefgh1234"  # long enough for the app, on the server's list of common ones


@pytest.fixture
def new_code(live_server_database_url: str) -> str:
    settings = ServerSettings(database_url=live_server_database_url)
    with admin.connect(settings) as db:
        subject = admin.create_subject(db, settings, f"REG-{uuid.uuid4().hex[:10]}")
        return admin.issue_activation_code(db, settings, subject.id).code


@pytest.fixture
def live_client(live_server: str) -> Iterator[ConsentClient]:
    with ConsentClient(live_server, timeout=5, max_retries=0) as client:
        yield client


async def test_a_common_passphrase_is_refused_with_the_reason_and_kept(
    live_client: ConsentClient, new_code: str
) -> None:
    app = ConsentApp(AppSettings(language="en"), live_client, clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        app.show_register()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RegisterScreen)
        screen.query_one("#code", Input).value = new_code
        screen.query_one("#username", Input).value = f"person.{uuid.uuid4().hex[:8]}"
        screen.query_one("#passphrase", Input).value = COMMON
        screen.query_one("#repeat", Input).value = COMMON
        await pilot.pause()
        screen.query_one("#submit").focus()
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.pause(0.1)  # any late field update would land now

        assert app.screen is screen
        text = " ".join(screen_text(app).split())
        assert "too easy to guess" in text
        assert "Creating your account" not in text
        assert screen.query_one("#passphrase", Input).value == COMMON
        assert screen.query_one("#repeat", Input).value == COMMON
        assert app.focused is screen.query_one("#passphrase", Input)
