"""The keyboard does what people expect: arrows move through lists of checkboxes, Left and
Right move between the language buttons, Tab skips the contact field of a way not chosen,
the representatives screen starts on something useful, and Esc out of the questions asks
before answers are dropped. Topics start unticked, with "All of these" as one choice."""

from __future__ import annotations

import pytest
from textual.widgets import Button, Input

from api_client import ConsentClient
from api_client.models import Inform
from consent_app.screens.confirm import ConfirmModal
from consent_app.screens.representatives import RepresentativesScreen
from consent_app.screens.wizard import WizardScreen
from consent_app.widgets.toggles import TranslatedCheckbox
from tests.support.pilot import SIZE, MakeApp, settle, showing
from tests.support.roles import People, flat, log_in, make_app, press
from tests.support.wizard import new_record

pytestmark = pytest.mark.anyio

TOPICS = ["new_findings", "proceedings", "compensation", "removal"]


def _ticked(screen: WizardScreen) -> dict[str, bool]:
    return {name: screen.query_one(f"#topic-{name}", TranslatedCheckbox).value for name in TOPICS}


async def test_topics_start_unticked_and_arrows_move_through_them(
    make_offline_app: MakeApp,
) -> None:
    app = make_offline_app()
    screen = WizardScreen(new_record())
    async with showing(app, lambda: app.push_screen(screen)) as pilot:
        await pilot.press("enter", "ctrl+n")  # "Yes" (the first, highlighted), next
        await pilot.pause()
        assert "Question 2 of" in flat(app)
        assert _ticked(screen) == dict.fromkeys(TOPICS, False)

        await pilot.press("down", "down", "space")  # past "All of these" and the first topic
        await pilot.pause()
        assert _ticked(screen) == {
            "new_findings": False,
            "proceedings": True,
            "compensation": False,
            "removal": False,
        }
        await pilot.press("space", "ctrl+n")  # nothing chosen: asked to choose
        await pilot.pause()
        assert "Question 2 of" in flat(app)
        assert "Choose at least one" in flat(app)

        screen.query_one("#topic-all", TranslatedCheckbox).focus()
        await pilot.press("space")
        await pilot.pause()
        assert _ticked(screen) == dict.fromkeys(TOPICS, True)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert screen.choices.topics.removal is True
        assert "Question 3 of" in flat(app)


async def test_tab_skips_the_contact_field_of_a_way_not_chosen(
    make_offline_app: MakeApp,
) -> None:
    app = make_offline_app()
    screen = WizardScreen(new_record())
    async with showing(app, lambda: app.push_screen(screen)) as pilot:
        screen.choices = screen.choices.model_copy(update={"inform": Inform.yes})
        screen._go(3)  # the channels question
        await pilot.pause()
        email = screen.query_one("#channel-email TranslatedCheckbox", TranslatedCheckbox)
        address = screen.query_one("#channel-email Input", Input)
        email.focus()
        await pilot.press("tab")
        assert app.focused is not address
        email.focus()
        await pilot.press("space", "tab")
        await pilot.pause()
        assert app.focused is address


async def test_escape_out_of_the_questions_asks_before_dropping_answers(
    make_offline_app: MakeApp,
) -> None:
    app = make_offline_app()
    screen = WizardScreen(new_record())
    async with showing(app, lambda: app.push_screen(screen)) as pilot:
        await pilot.press("down", "enter", "ctrl+n")
        await pilot.pause()
        await pilot.press("escape")  # back to question 1
        await pilot.pause()
        await pilot.press("escape")  # leave: asked first
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("enter")  # "No" is the default
        await pilot.pause()
        assert app.screen_stack[-1] is screen
        await pilot.press("escape")
        await pilot.pause()
        app.screen.query_one("#yes", Button).press()
        await pilot.pause()
        assert not isinstance(app.screen, WizardScreen | ConfirmModal)


async def test_left_and_right_move_between_the_languages(make_offline_app: MakeApp) -> None:
    app = make_offline_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.query_one("#language-nl", Button).focus()
        await pilot.press("right")
        assert app.focused is app.screen.query_one("#language-en", Button)
        await pilot.press("left")
        assert app.focused is app.screen.query_one("#language-nl", Button)


async def test_the_representatives_screen_starts_on_invite_when_nobody_is_listed(
    people: People, app_client: ConsentClient
) -> None:
    victim = people.victim()
    app = make_app(app_client)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(app, pilot, victim.username)
        await press(pilot, "#representatives")
        await settle(app, pilot)
        assert isinstance(app.screen, RepresentativesScreen)
        assert app.focused is app.screen.query_one("#invite", Button)
