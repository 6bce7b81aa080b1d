"""The helpers every screen shares: an API call in a worker, and logging out."""

from __future__ import annotations

import pytest
from textual.app import ComposeResult

from api_client.models import Me
from consent_app.i18n import Msg
from consent_app.messages import UNREACHABLE
from consent_app.screens.base import AppScreen
from consent_app.screens.start import StartScreen
from consent_app.widgets.field_message import FieldMessage
from consent_app.widgets.translatable import TranslatedButton
from tests.support.pilot import SIZE, MakeApp, screen_text, settle

pytestmark = pytest.mark.anyio


class AskingScreen(AppScreen):
    """Asks the (unreachable) server who is logged in."""

    def __init__(self) -> None:
        super().__init__()
        self.answers: list[Me] = []
        self.problems: list[Msg] = []

    def compose_body(self) -> ComposeResult:
        yield FieldMessage(id="message")
        yield TranslatedButton(Msg("Log out"), id="logout")

    def ask(self, *, own_handler: bool) -> None:
        failed = self.problems.append if own_handler else None
        self.call_api(self.consent_app.client.me, self.answers.append, group="t", failed=failed)


async def test_a_failed_call_shows_the_calm_message_in_the_message_field(
    make_offline_app: MakeApp,
) -> None:
    app = make_offline_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = AskingScreen()
        await app.push_screen(screen)
        screen.ask(own_handler=False)
        await settle(app, pilot)
        assert screen.answers == []
        assert "cannot be reached" in screen_text(app)
        assert "127.0.0.1" not in screen_text(app)  # never the raw error


async def test_a_failed_call_can_be_handled_by_the_screen(make_offline_app: MakeApp) -> None:
    app = make_offline_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = AskingScreen()
        await app.push_screen(screen)
        screen.ask(own_handler=True)
        await settle(app, pilot)
        assert screen.problems == [UNREACHABLE]
        assert "cannot be reached" not in screen_text(app)


async def test_any_screens_log_out_button_ends_the_session_even_offline(
    make_offline_app: MakeApp,
) -> None:
    app = make_offline_app()
    async with app.run_test(size=SIZE) as pilot:
        app.start_session("alice", remember_me=False)
        await settle(app, pilot)
        await app.push_screen(AskingScreen())
        await pilot.click("#logout")
        await settle(app, pilot)
        assert isinstance(app.screen, StartScreen)
        assert app.session is None
