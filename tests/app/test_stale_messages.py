"""A message about two fields goes as soon as either of them changes: "the passphrases are
not the same" must not stay after the person fixed the first one."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from consent_app.app import ConsentApp
from consent_app.screens.account import AccountScreen
from consent_app.screens.register import RegisterScreen
from consent_app.screens.wizard import WizardScreen
from tests.support.pilot import SIZE, MakeApp, screen_text, showing
from tests.support.wizard import new_record

pytestmark = pytest.mark.anyio


def flat(app: ConsentApp) -> str:
    return " ".join(screen_text(app).split())


async def _type_into(pilot: Pilot[None], field: Input, text: str) -> None:
    """Type at the end of ``field`` as a person does, key by key."""
    field.focus()
    await pilot.press("end", *text)
    await pilot.pause()


async def _register_screen(app: ConsentApp, pilot: Pilot[None]) -> RegisterScreen:
    app.show_register()
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, RegisterScreen)
    return screen


async def test_not_the_same_goes_when_the_first_passphrase_is_fixed(
    make_offline_app: MakeApp,
) -> None:
    app = make_offline_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _register_screen(app, pilot)
        passphrase = screen.query_one("#passphrase", Input)
        repeat = screen.query_one("#repeat", Input)
        await _type_into(pilot, passphrase, "calm lake behind the hill")
        await _type_into(pilot, repeat, "calm lake behind the hills")
        await pilot.press("enter")  # submit: every field is checked
        await pilot.pause()
        assert "not the same" in flat(app)

        await _type_into(pilot, passphrase, "s")  # now both say "... hills"
        assert passphrase.value == repeat.value
        assert "not the same" not in flat(app)


async def test_not_the_same_also_goes_when_the_repeat_is_fixed(make_offline_app: MakeApp) -> None:
    app = make_offline_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _register_screen(app, pilot)
        await _type_into(pilot, screen.query_one("#passphrase", Input), "calm lake behind hills")
        repeat = screen.query_one("#repeat", Input)
        await _type_into(pilot, repeat, "calm lake behind hill")
        await pilot.press("enter")
        await pilot.pause()
        assert "not the same" in flat(app)

        await _type_into(pilot, repeat, "s")
        assert "not the same" not in flat(app)


async def test_new_passphrases_differ_message_goes_when_the_new_one_is_fixed(
    make_offline_app: MakeApp,
) -> None:
    app = make_offline_app()
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(AccountScreen())
        await pilot.pause()
        screen = app.screen
        await _type_into(pilot, screen.query_one("#current", Input), "the passphrase I have now")
        new = screen.query_one("#new", Input)
        await _type_into(pilot, new, "a new passphrase for the hil")
        await _type_into(pilot, screen.query_one("#repeat", Input), "a new passphrase for the hill")
        screen.query_one("#change").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert "not the same" in flat(app)

        await _type_into(pilot, new, "l")
        assert "not the same" not in flat(app)


async def test_a_contact_detail_message_goes_when_the_address_is_changed(
    make_offline_app: MakeApp,
) -> None:
    app = make_offline_app()
    screen = WizardScreen(new_record())
    async with showing(app, lambda: app.push_screen(screen)) as pilot:
        # Yes; all topics; me; then at the ways to be told: e-mail, with a wrong address.
        await pilot.press("enter", "ctrl+n", "space", "ctrl+n", "enter", "ctrl+n")
        await pilot.pause()
        assert "Question 4 of" in flat(app)
        await pilot.press("down", "space", "tab", *"no-address", "ctrl+n")
        await pilot.pause()
        assert "Question 4 of" in flat(app)
        assert "does not look like an e-mail address" in flat(app)

        await _type_into(pilot, screen.query_one("#channel-email-address", Input), "@x.nl")
        assert "does not look like an e-mail address" not in flat(app)


async def test_safe_hours_that_cannot_be_read_are_refused_until_fixed(
    make_offline_app: MakeApp,
) -> None:
    """Unreadable hours would make the people who inform keep to office hours instead of the
    person's own: the question says so at once, and the message goes once the text changes."""
    app = make_offline_app()
    screen = WizardScreen(new_record())
    async with showing(app, lambda: app.push_screen(screen)) as pilot:
        # Yes; all topics; me; in this app; each time; then at the safe hours.
        await pilot.press("enter", "ctrl+n", "space", "ctrl+n", "enter", "ctrl+n")
        await pilot.press("space", "ctrl+n", "enter", "ctrl+n")
        await pilot.pause()
        assert "Question 6 of" in flat(app)
        hours = screen.query_one("#hours", Input)
        await _type_into(pilot, hours, "25:00 tot 99:00")
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert "Question 6 of" in flat(app)
        assert "These times cannot be read" in flat(app)

        await pilot.press("ctrl+u", *"19:00-21:00")
        await pilot.pause()
        assert "These times cannot be read" not in flat(app)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert "Question 7 of" in flat(app)
        assert screen.choices.safe_contact.hours == "19:00-21:00"
