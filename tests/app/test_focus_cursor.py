"""The terminal's real cursor stands on the focused widget, so a screen reader or braille
display that follows the cursor lands on it (issue 16). Checked on the main screens, for
every stop of the Tab order, in Dutch and English."""

from __future__ import annotations

import pytest
from textual.content import Content
from textual.geometry import Offset
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, OptionList, RadioButton, RadioSet

from api_client import ConsentClient
from api_client.models import Role
from consent_app.app import ConsentApp
from consent_app.i18n import Language
from consent_app.outbox import Outbox
from consent_app.settings import AppSettings
from tests.support.pilot import SIZE, screen_text, settle
from tests.support.roles import PASSPHRASE, People, press

pytestmark = pytest.mark.anyio


def _first_word(widget: Widget) -> str | None:
    """The first word the cursor should land on, for widgets that show a label."""
    if isinstance(widget, RadioSet):
        widget = widget.query_one(".-selected", RadioButton)
    if isinstance(widget, OptionList):
        if widget.highlighted is None:
            return None
        prompt = widget.get_option_at_index(widget.highlighted).prompt
        text = prompt.plain if isinstance(prompt, Content) else str(prompt)
        return text.split()[0]
    if isinstance(widget, Button | Checkbox | RadioButton):
        label = widget.label
        return (label.plain if isinstance(label, Content) else str(label)).split()[0]
    return None


def _cursor_problem(app: ConsentApp) -> str | None:
    focused = app.focused
    if focused is None:
        return None
    cursor: Offset = app.cursor_position
    name = f"{type(focused).__name__}#{focused.id}"
    if isinstance(focused, Input):
        expected = focused.cursor_screen_offset
        return None if cursor == expected else f"{name}: cursor {cursor}, typing at {expected}"
    if not focused.region.contains_point(cursor):
        return f"{name}: cursor {cursor} outside {focused.region}"
    word = _first_word(focused)
    line = screen_text(app).split("\n")[cursor.y][cursor.x : focused.region.right]
    if word is not None and word not in line:
        return f"{name}: the cursor's line reads {line!r}, not {word!r}"
    return None


async def _tab_through(app: ConsentApp, pilot: Pilot[None], name: str) -> list[str]:
    """Every stop of the Tab order once; what was wrong at each."""
    problems = []
    seen: set[int] = set()
    for _ in range(40):
        focused = app.focused
        if focused is not None:
            if id(focused) in seen:
                break
            seen.add(id(focused))
            if (problem := _cursor_problem(app)) is not None:
                problems.append(f"{name}: {problem}")
        await pilot.press("tab")
        await pilot.pause()
    return problems


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_the_terminal_cursor_follows_focus_on_the_main_screens(
    people: People, app_client: ConsentClient, language: Language
) -> None:
    victim = people.victim()
    staff = people.account(Role.staff, "staff")
    box = Outbox.in_memory()
    app = ConsentApp(AppSettings(language=language), app_client, outbox_factory=lambda: box)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        problems = await _tab_through(app, pilot, "start")
        app.show_login()
        await settle(app, pilot)
        problems += await _tab_through(app, pilot, "login")
        app.pop_screen()
        app.show_register()
        await settle(app, pilot)
        problems += await _tab_through(app, pilot, "register")

        app.client.login(victim.username, PASSPHRASE)
        app.start_session(victim.username, remember_me=False)
        await settle(app, pilot)
        problems += await _tab_through(app, pilot, "home")
        await press(pilot, "#change")
        await settle(app, pilot)
        problems += await _tab_through(app, pilot, "wizard")
        app.screen.query_one("#inform", RadioSet).focus()
        await pilot.press("up", "up", "up", "space")  # "yes" (the first): every question follows
        for step in range(2, 7):
            await pilot.press("ctrl+n")  # the step puts focus on its first field itself
            await settle(app, pilot)
            problems += await _tab_through(app, pilot, f"wizard step {step}")
        app.pop_screen()
        await press(pilot, "#representatives")
        await settle(app, pilot)
        problems += await _tab_through(app, pilot, "representatives")
        app.end_session()
        await settle(app, pilot)

        app.client.login(staff, PASSPHRASE)
        app.start_session(staff, remember_me=False)
        await settle(app, pilot)
        problems += await _tab_through(app, pilot, "staff home")
    assert not problems, "\n".join(problems)
