"""Screens that need no answer from the server: start, register checks, login failures,
language switching and the passphrase field."""

from __future__ import annotations

import httpx
import pytest
from textual.widgets import Input

from api_client import ConsentClient
from consent_app.app import ConsentApp
from consent_app.screens.register import RegisterScreen
from consent_app.screens.start import StartScreen
from consent_app.settings import AppSettings
from consent_app.widgets.passphrase_input import PassphraseInput
from tests.support.pilot import SIZE, MakeApp, screen_text, settle, showing

pytestmark = pytest.mark.anyio


async def test_start_offers_login_and_register_with_a_safety_note(
    make_offline_app: MakeApp,
) -> None:
    app = make_offline_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert isinstance(app.screen, StartScreen)
        assert "press Ctrl+Q" in text
        assert "5 minutes" in text
        assert "Log in" in text and "Register" in text


async def test_language_key_switches_visible_text_and_keeps_typed_text(
    make_offline_app: MakeApp,
) -> None:
    app = make_offline_app()
    async with app.run_test(size=SIZE) as pilot:
        assert "Welcome" in screen_text(app)
        await pilot.press("f2")
        await pilot.pause()
        text = screen_text(app)
        assert "Welkom" in text
        assert "● Nederlands" in text
        # The safety notes (one text) and the key bar follow too.
        assert "Voor je veiligheid" in text and "druk op Ctrl+Q" in text
        assert "F1 Waarom we dit vragen" in text and "Why we ask" not in text
        app.show_login()
        await pilot.pause()
        await pilot.press(*"alice")
        await pilot.press("f2")
        await pilot.pause()
        text = screen_text(app)
        assert "Username" in text and "Gebruikersnaam" not in text
        assert app.screen.query_one("#username", Input).value == "alice"
        app.pop_screen()
        await pilot.pause()
        assert "Welcome" in screen_text(app)


async def test_language_buttons_on_start_switch_language(make_offline_app: MakeApp) -> None:
    app = make_offline_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#language-nl")
        await pilot.pause()
        assert "Inloggen" in screen_text(app)


async def test_unreachable_server_gives_a_clear_message_and_keeps_the_username(
    make_offline_app: MakeApp,
) -> None:
    app = make_offline_app()
    async with showing(app, app.show_login) as pilot:
        await pilot.press(*"alice", "enter", *"secret passphrase", "enter")
        await settle(app, pilot)
        text = screen_text(app)
        assert "The server cannot be reached right now" in text
        assert app.screen.query_one("#username", Input).value == "alice"
        assert app.screen.query_one("#passphrase", Input).value == ""


async def test_missing_fields_are_named_before_anything_is_sent(
    make_offline_app: MakeApp,
) -> None:
    app = make_offline_app()
    async with showing(app, app.show_login) as pilot:
        await pilot.click("#submit")
        await pilot.pause()
        assert "Please fill in your username." in screen_text(app)


def _counting_client(requests: list[httpx.Request]) -> ConsentClient:
    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(500)

    transport = httpx.MockTransport(handler)
    return ConsentClient("http://127.0.0.1:1", max_retries=0, transport=transport)


async def test_mistyped_activation_code_is_caught_before_any_request() -> None:
    requests: list[httpx.Request] = []
    app = ConsentApp(AppSettings(language="en"), _counting_client(requests))
    async with showing(app, app.show_register) as pilot:
        # A valid code with its last character changed: the check character catches it.
        await pilot.press(*"7KQ2-M9XD-4HPA-R3TC", "tab")
        await pilot.pause()
        assert "This code is not correct" in screen_text(app)
        await pilot.press(*"alice", "tab", *"a long enough passphrase", "tab")
        await pilot.press(*"a long enough passphrase", "enter")
        await pilot.pause()
        assert isinstance(app.screen, RegisterScreen)
        assert app.screen.focused is app.screen.query_one("#code")
    assert requests == []


async def test_register_names_each_local_problem_next_to_its_field(
    make_offline_app: MakeApp,
) -> None:
    from api_client import activation_code

    app = make_offline_app()
    async with showing(app, app.show_register) as pilot:
        await pilot.press(*activation_code.generate().lower(), "tab")
        await pilot.press(*"me@example.org", "tab", *"short", "tab", *"shorter", "enter")
        await pilot.pause()
        text = screen_text(app)
        assert "This code is not correct" not in text
        assert "not an e-mail address" in text
        assert "Too short" in text
        code = app.screen.query_one("#code", Input).value
        assert code.count("-") == 3 and code.isupper()  # shown grouped once it is right


async def test_passphrase_strength_is_shown_in_words(make_offline_app: MakeApp) -> None:
    app = make_offline_app()
    async with showing(app, app.show_register) as pilot:
        app.screen.query_one("#passphrase", Input).focus()
        await pilot.press(*"correct horse battery staple")
        await pilot.pause()
        assert "Strong." in screen_text(app)


async def test_passphrase_cannot_be_cut_or_copied_and_is_wiped_when_left(
    make_offline_app: MakeApp,
) -> None:
    app = make_offline_app()
    async with showing(app, app.show_login) as pilot:
        field = app.screen.query_one("#passphrase", PassphraseInput)
        field.focus()
        await pilot.press(*"secret words", "shift+home", "ctrl+x")
        field.action_copy()
        field.action_cut()
        assert field.value == "secret words"
        assert app.clipboard == ""
        assert not field.allow_select
        await pilot.press("f1")  # a help dialog on top does not wipe it
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert field.value == "secret words"
        await pilot.press("escape")  # leaving the screen does
        await pilot.pause()
        assert field.value == ""
        assert isinstance(app.screen, StartScreen)


async def test_help_explains_why_we_ask_on_each_screen(make_offline_app: MakeApp) -> None:
    app = make_offline_app()
    async with showing(app, app.show_register) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert "activation code is on the letter" in screen_text(app)
        await pilot.press("f2")
        await pilot.pause()
        assert "activeringscode staat in de brief" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RegisterScreen)
        assert "Aanmelden" in screen_text(app)


async def test_demo_codes_are_shown_on_the_start_screen(offline_client: ConsentClient) -> None:
    info = "Demo\n  codes: 7KQ2-M9XD-4HPA-R3TB"
    app = ConsentApp(AppSettings(language="en"), offline_client, demo_info=info)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "codes: 7KQ2-M9XD-4HPA-R3TB" in screen_text(app)
