"""The volume question (how often, and the yearly message) and the gentle re-ask: someone
who answered the first questions is told on home that the questions changed, the wizard asks
how often with nothing chosen, and answering records the current questions ("2")."""

from __future__ import annotations

import pytest
from textual.widgets import Checkbox, RadioSet

from api_client import ConsentClient
from api_client.models import (
    Channel,
    ChannelKind,
    Frequency,
    Inform,
    PreferenceChoices,
    PreferenceWrite,
    Reassurance,
)
from consent_app import conflicts, summary
from consent_app.app import ConsentApp
from consent_app.i18n import Language, set_language
from consent_app.outbox import Outbox
from consent_app.screens.home import HomeScreen
from consent_app.screens.receipt import ReceiptScreen
from consent_app.screens.wizard import WizardScreen
from consent_app.screens.wizard.steps import VolumeStep
from consent_app.settings import AppSettings
from tests.support.pilot import SIZE, settle
from tests.support.roles import People, flat, log_in, press
from tests.support.topics import ALL_TOPICS

pytestmark = pytest.mark.anyio

WORDS = {
    "en": {
        "reask": "The questions have changed: please check your answers.",
        "question": "How often do you want to be told?",
        "review": "How often: only when there is something to do",
    },
    "nl": {
        "reask": "De vragen zijn veranderd: kijk je antwoorden na.",
        "question": "Hoe vaak wil je bericht krijgen?",
        "review": "Hoe vaak: alleen als er iets te doen is",
    },
}


@pytest.mark.parametrize("language", ["en", "nl"])
async def test_answers_to_the_first_questions_are_asked_again_gently(
    people: People, app_client: ConsentClient, language: Language
) -> None:
    words = WORDS[language]
    victim = people.victim()
    assert victim.subject_id is not None
    first = PreferenceWrite(
        inform=Inform.yes,
        topics=ALL_TOPICS,
        channels=[Channel(kind=ChannelKind.app)],
        frequency=Frequency.monthly,  # even a stored value was not chosen in this question
        questions_version="1",
    )
    with people.client(victim.username) as own:
        own.put_preferences(victim.subject_id, first, if_match=0)

    box = Outbox.in_memory()
    app = ConsentApp(AppSettings(language=language), app_client, outbox_factory=lambda: box)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(app, pilot, victim.username)
        assert isinstance(app.screen, HomeScreen)
        note = app.screen.query_one("#reask")
        assert note.display
        assert words["reask"] == str(app.screen.query_one("#reask-text").render())
        await press(pilot, "#reask-open")
        await settle(app, pilot)
        wizard = app.screen
        assert isinstance(wizard, WizardScreen)
        while wizard.steps[wizard.index] is not VolumeStep:
            await pilot.press("ctrl+n")
            await pilot.pause()
        assert words["question"] in flat(app)
        assert wizard.query_one("#frequency", RadioSet).pressed_index == -1
        assert wizard.query_one("#reassurance", Checkbox).value is False
        wizard.query_one("#frequency", RadioSet).focus()
        await pilot.press("down", "down", "down", "space")  # only when there is something to do
        while not wizard.on_review:
            await pilot.press("ctrl+n")
            await pilot.pause()
        assert words["review"] in flat(app)
        await press(pilot, "#send")
        await settle(app, pilot)
        assert isinstance(app.screen, ReceiptScreen)
        assert words["review"] in flat(app)
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        assert not app.screen.query_one("#reask").display

    with people.client(victim.username) as own:
        newest = own.history(victim.subject_id).items[0]
    assert newest.questions_version == "2"
    assert newest.preferences.frequency is Frequency.only_actionable
    assert newest.preferences.reassurance is Reassurance.none


async def test_answers_given_to_the_current_questions_are_shown_as_chosen(
    people: People, app_client: ConsentClient
) -> None:
    victim = people.victim()
    assert victim.subject_id is not None
    current = PreferenceWrite(
        inform=Inform.yes,
        topics=ALL_TOPICS,
        channels=[Channel(kind=ChannelKind.app)],
        frequency=Frequency.quarterly,
        reassurance=Reassurance.yearly,
        questions_version="2",
    )
    with people.client(victim.username) as own:
        own.put_preferences(victim.subject_id, current, if_match=0)
    box = Outbox.in_memory()
    app = ConsentApp(AppSettings(language="en"), app_client, outbox_factory=lambda: box)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(app, pilot, victim.username)
        assert not app.screen.query_one("#reask").display
        assert "How often: a summary once every three months" in flat(app)
        await press(pilot, "#change")
        await settle(app, pilot)
        wizard = app.screen
        assert isinstance(wizard, WizardScreen)
        assert wizard.query_one("#frequency", RadioSet).pressed_index == list(Frequency).index(
            Frequency.quarterly
        )
        assert wizard.query_one("#reassurance", Checkbox).value is True


def test_a_change_of_volume_by_someone_else_is_shown() -> None:
    set_language("nl")
    mine = PreferenceChoices(inform=Inform.yes, topics=ALL_TOPICS, frequency=Frequency.each)
    theirs = mine.model_copy(
        update={"frequency": Frequency.monthly, "reassurance": Reassurance.yearly}
    )
    changes = {change.field: change for change in conflicts.diff(mine, theirs)}
    assert set(changes) == {"frequency", "reassurance"}
    assert changes["frequency"].label == "Hoe vaak"
    assert changes["frequency"].mine == "elke keer als er iets is gevonden"
    assert changes["frequency"].theirs == "één keer per maand een samenvatting"
    assert changes["reassurance"].theirs.startswith("ja: één keer per jaar")
    lines = dict(summary.detail_lines(theirs))
    assert lines["Hoe vaak"] == "één keer per maand een samenvatting"


@pytest.mark.parametrize("language", ["en", "nl"])
def test_help_on_each_new_screen_names_where_to_get_help_now(language: Language) -> None:
    from consent_app.screens.inbox import InboxScreen
    from consent_app.screens.notice import NoticeScreen

    set_language(language)
    for why in (InboxScreen.WHY_WE_ASK, NoticeScreen.WHY_WE_ASK, VolumeStep.WHY):
        assert "Slachtofferhulp Nederland" in str(why)
        assert "0900 0101" in str(why)
