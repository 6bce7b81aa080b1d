"""The auto-lock keeps answers in progress: after unlocking, the wizard is back at the same
question with the answers given so far. The lock screen and the start say what is true."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from api_client import ConsentClient
from api_client.models import Role
from consent_app.app import ConsentApp, SessionState
from consent_app.navigation import Mode
from consent_app.outbox import Outbox
from consent_app.screens.lock import LockScreen
from consent_app.screens.staff.assisted import AssistedWizardScreen
from consent_app.screens.start import StartScreen, lock_note
from consent_app.screens.wizard import WizardScreen
from consent_app.screens.wizard.steps import TopicsStep
from consent_app.settings import AppSettings
from consent_app.widgets.toggles import TranslatedCheckbox
from tests.support.pilot import SIZE, FakeClock, MakeApp, idle_for, settle
from tests.support.roles import PASSPHRASE, People, flat, press

pytestmark = pytest.mark.anyio


async def test_unlocking_returns_to_the_same_question_with_the_answers(
    people: People, app_client: ConsentClient
) -> None:
    victim = people.victim()
    clock = FakeClock()
    box = Outbox.in_memory()
    app = ConsentApp(
        AppSettings(language="en"), app_client, outbox_factory=lambda: box, clock=clock
    )
    async with app.run_test(size=SIZE) as pilot:
        app.client.login(victim.username, PASSPHRASE)
        app.start_session(victim.username, remember_me=False)
        await settle(app, pilot)
        await press(pilot, "#change")
        await settle(app, pilot)
        assert isinstance(app.screen, WizardScreen)
        await _answer_two_then_lock_and_unlock(app, pilot, clock, "Question 2 of")


async def test_a_wrong_passphrase_on_the_lock_screen_speaks_of_the_passphrase_only(
    people: People, app_client: ConsentClient
) -> None:
    victim = people.victim()
    app = ConsentApp(AppSettings(language="en"), app_client, clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        app.session = SessionState(victim.username)  # a session that locked
        app.enter(Mode.locked)
        await pilot.pause()
        app.screen.query_one("#passphrase", Input).value = "not the passphrase at all"
        await pilot.press("enter")
        await settle(app, pilot)
        text = flat(app)
        assert "This passphrase is not correct." in text
        assert "username" not in text.lower()
        assert app.focused is app.screen.query_one("#passphrase", Input)


def test_the_start_says_the_real_auto_lock_wait() -> None:
    assert lock_note(30) == "If you do nothing for 30 seconds, the app locks itself."
    assert lock_note(60) == "If you do nothing for 1 minute, the app locks itself."
    assert lock_note(300) == "If you do nothing for 5 minutes, the app locks itself."


async def test_the_start_screen_shows_the_configured_wait(make_offline_app: MakeApp) -> None:
    app = make_offline_app(auto_lock_seconds=45)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        assert "45 seconds" in flat(app)


async def test_filling_in_together_keeps_the_answers_across_the_lock(
    people: People, app_client: ConsentClient
) -> None:
    """The assisted wizard once set itself up twice on opening (its handler called the base's
    handler, which Textual calls too), and the second time threw the held answers away; and
    it came back in the staff member's language instead of the record's."""
    clock = FakeClock()
    app = _staff_app(app_client, clock)
    async with app.run_test(size=SIZE) as pilot:
        await _fill_in_together(app, pilot, people)
        assert isinstance(app.screen, AssistedWizardScreen)
        # In the record's language, before the lock and after it.
        screen = await _answer_two_then_lock_and_unlock(app, pilot, clock, "Vraag 2 van")
        assert isinstance(screen, AssistedWizardScreen)


async def test_a_language_chosen_with_f2_while_filling_in_together_outlasts_the_lock(
    people: People, app_client: ConsentClient
) -> None:
    """The record says Dutch, but today the person prefers English: after the lock the
    questions come back in English, not in the record's language again."""
    clock = FakeClock()
    app = _staff_app(app_client, clock)
    async with app.run_test(size=SIZE) as pilot:
        await _fill_in_together(app, pilot, people)
        assert "Vraag 1 van" in flat(app)
        await pilot.press("f2")
        await pilot.pause()
        assert "Question 1 of" in flat(app)
        screen = await _answer_two_then_lock_and_unlock(app, pilot, clock, "Question 2 of")
        assert isinstance(screen, AssistedWizardScreen)


def _staff_app(app_client: ConsentClient, clock: FakeClock) -> ConsentApp:
    box = Outbox.in_memory()
    return ConsentApp(
        AppSettings(language="en"), app_client, outbox_factory=lambda: box, clock=clock
    )


async def _fill_in_together(app: ConsentApp, pilot: Pilot[None], people: People) -> None:
    """Staff (English screens) open a Dutch record and start "Fill in together"."""
    staff = people.account(Role.staff, "staff")
    subject_id, _ = people.record(language="nl")
    app.client.login(staff, PASSPHRASE)
    app.start_session(staff, remember_me=False)
    await settle(app, pilot)
    app.screen.query_one("#record", Input).value = str(subject_id)
    await press(pilot, "#open")
    await settle(app, pilot)
    await press(pilot, "#assisted")
    await pilot.pause()
    app.screen.query_one("#identity", Input).value = "passport seen at the desk"
    await press(pilot, "#start")
    await settle(app, pilot)


async def _answer_two_then_lock_and_unlock(
    app: ConsentApp, pilot: Pilot[None], clock: FakeClock, question_2: str
) -> WizardScreen:
    """On question 1 of a wizard: answer it and one topic of question 2, let the app lock
    itself, unlock it, and check the wizard is back at question 2 with both answers."""
    await pilot.press("enter")  # "Yes": the first answer, highlighted, none chosen yet
    await pilot.press("ctrl+n")
    await pilot.pause()
    assert question_2 in flat(app)
    app.screen.query_one("#topic-removal", TranslatedCheckbox).value = True
    await pilot.pause()

    await idle_for(app, pilot, clock, app.settings.auto_lock_seconds)
    assert isinstance(app.screen, LockScreen)
    assert question_2 not in flat(app)
    app.screen.query_one("#passphrase", Input).value = PASSPHRASE
    await pilot.press("enter")
    await settle(app, pilot)

    screen = app.screen
    assert isinstance(screen, WizardScreen), flat(app)
    assert question_2 in flat(app)
    topics = screen.query_one(f"#step-{TopicsStep.KEY}", TopicsStep)
    assert topics.query_one("#topic-removal", TranslatedCheckbox).value is True
    assert screen.choices.inform.value == "yes"
    return screen
