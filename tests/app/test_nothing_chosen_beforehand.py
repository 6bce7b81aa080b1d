"""The questions never show an answer the person did not choose: a new record's defaults
("decide later", "me", "each finding") are values on the server, not choices."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

import pytest
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, RadioSet

from api_client.models import Inform, PreferenceWrite
from consent_app.screens.wizard import WizardScreen
from tests.support.pilot import SIZE, settle
from tests.support.roles import LiveVictim, People, flat, log_in, make_app

pytestmark = pytest.mark.anyio

RADIO_QUESTIONS = {"inform": "#inform", "recipients": "#recipients", "volume": "#frequency"}


@contextlib.asynccontextmanager
async def _questions_of(
    people: People, victim: LiveVictim
) -> AsyncIterator[tuple[Pilot[None], WizardScreen]]:
    """The app, logged in as ``victim``, with the questions open."""
    with people.client(victim.username) as client:
        app = make_app(client)
        async with app.run_test(size=SIZE) as pilot:
            await log_in(app, pilot, victim.username)
            await pilot.click("#change")
            await settle(app, pilot)
            screen = app.screen
            assert isinstance(screen, WizardScreen)
            yield pilot, screen


def _pressed(screen: WizardScreen, selector: str) -> int:
    return screen.query_one(selector, RadioSet).pressed_index


def _nothing_chosen_anywhere(screen: WizardScreen) -> list[str]:
    """What is chosen on any question: radio answers, ticked boxes, filled-in fields."""
    found = [key for key, sel in RADIO_QUESTIONS.items() if _pressed(screen, sel) != -1]
    found += [str(box.id or box.classes) for box in screen.query(Checkbox) if box.value]
    found += [str(field.id or field.classes) for field in screen.query(Input) if field.value]
    return found


async def test_a_new_record_shows_no_answer_chosen_on_any_question(
    people: People,
) -> None:
    victim = people.victim()
    async with _questions_of(people, victim) as (pilot, screen):
        app = screen.consent_app
        assert "Question 1 of 7" in flat(app)
        assert _nothing_chosen_anywhere(screen) == []
        assert "(•)" not in flat(app)

        await pilot.press("ctrl+n")  # nothing chosen: asked to choose, not moved on
        await pilot.pause()
        assert "Question 1 of 7" in flat(app)
        # It names the button every role sees ('I will decide later' is a victim's wording).
        assert "Please choose an answer, or choose 'Decide later'." in flat(app)

        await pilot.press("space")  # yes (the first row): answered, the request goes
        await pilot.pause()
        assert "Please choose an answer" not in flat(app)
        await pilot.press("ctrl+n")
        await pilot.pause()
        screen.query_one("#topic-all", Checkbox).value = True
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert "Who should be told?" in flat(app)
        assert _pressed(screen, "#recipients") == -1
        await pilot.press("ctrl+n")  # nothing chosen here either
        await pilot.pause()
        assert "Please choose who is told, or choose 'Decide later'." in flat(app)
        assert "Who should be told?" in flat(app)

        await pilot.press("f3")  # decide later: still nothing shown as chosen
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert "Who should be told?" in flat(app)
        assert _pressed(screen, "#recipients") == -1


async def test_decide_later_on_the_first_question_shows_as_chosen_when_going_back(
    people: People,
) -> None:
    victim = people.victim()
    async with _questions_of(people, victim) as (pilot, screen):
        app = screen.consent_app
        await pilot.press("f3")  # the person chooses "I will decide later"
        await pilot.pause()
        assert "Is this what you want?" in flat(app)
        await pilot.press("escape")
        await pilot.pause()
        assert _pressed(screen, "#inform") == 2  # what they chose, shown


async def test_a_recorded_no_is_shown_but_the_questions_after_yes_start_empty(
    people: People,
) -> None:
    victim = people.victim()
    assert victim.subject_id is not None
    with people.client(victim.username) as own:
        own.put_preferences(
            victim.subject_id,
            PreferenceWrite(inform=Inform.no, questions_version="2", questions_locale="en"),
            if_match=0,
        )
    async with _questions_of(people, victim) as (pilot, screen):
        assert _pressed(screen, "#inform") == 1  # "no", as recorded
        await pilot.press("up", "space", "ctrl+n")  # now yes
        await pilot.pause()
        screen.query_one("#topic-all", Checkbox).value = True
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert _pressed(screen, "#recipients") == -1
        assert _pressed(screen, "#frequency") == -1
