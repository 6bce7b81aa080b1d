"""The volume question in the plain mode, on its own: the same texts as the Textual wizard,
nothing chosen for someone who was never asked, Enter keeping an earlier answer, and
"later" keeping what is recorded (named in the review)."""

from __future__ import annotations

import io

import pytest

from api_client.models import Frequency, Inform, PreferenceChoices, Reassurance
from consent_app import questions
from consent_app.i18n import set_language
from consent_app.plain.console import Console
from consent_app.plain.wizard import PlainWizard
from consent_app.review import review_text
from tests.support.topics import ALL_TOPICS

RECORDED = PreferenceChoices(
    inform=Inform.yes,
    topics=ALL_TOPICS,
    frequency=Frequency.quarterly,
    reassurance=Reassurance.yearly,
)


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")


def _wizard(
    typed: str, *, volume_asked: bool, first: str = questions.VOLUME.key
) -> tuple[PlainWizard, io.StringIO]:
    out = io.StringIO()
    console = Console(io.StringIO(typed), out)
    wizard = PlainWizard(console, RECORDED, RECORDED, volume_asked=volume_asked, first=first)
    return wizard, out


def test_never_asked_nothing_is_chosen_so_enter_alone_is_refused() -> None:
    wizard, out = _wizard("\n?\n2\n\nno\n", volume_asked=False)
    wizard.ask_volume()
    assert wizard.choices.frequency is Frequency.monthly
    assert wizard.choices.reassurance is Reassurance.none
    written = out.getvalue()
    assert "Press Enter to keep" not in written
    assert written.count("Please type a number from 1 to 4.") == 1
    assert written.count("Please type a number from 1 to 2.") == 1
    assert str(questions.VOLUME.why) in written
    assert str(questions.REASSURANCE_NOTE) in written
    assert "2. A summary once a month" in written


def test_enter_keeps_the_answers_given_before() -> None:
    wizard, out = _wizard("\n\n", volume_asked=True)
    wizard.ask_volume()
    assert wizard.choices.frequency is Frequency.quarterly
    assert wizard.choices.reassurance is Reassurance.yearly
    assert out.getvalue().count("Press Enter to keep") == 2


def test_later_keeps_what_was_recorded_and_the_review_names_the_question() -> None:
    # "later" at the volume question, then Enter through safe contact (5 prompts) and pause.
    wizard, _out = _wizard("later\n" + "\n" * 6, volume_asked=False)
    choices, skipped = wizard.run()
    assert (choices.frequency, choices.reassurance) == (Frequency.quarterly, Reassurance.yearly)
    assert skipped == {questions.VOLUME.key}
    assert "You left these questions for later: how often you want to be told." in review_text(
        choices, skipped
    )


def test_both_front_ends_ask_the_same_questions_in_the_same_order() -> None:
    from consent_app.screens.wizard.steps import DETAIL_STEPS, InformStep

    keys = [question.key for question in questions.QUESTIONS]
    assert keys == [InformStep.KEY, *(step.KEY for step in DETAIL_STEPS)]
    assert questions.as_write(RECORDED).questions_version == questions.QUESTIONS_VERSION


def test_safe_hours_that_cannot_be_read_are_asked_again() -> None:
    out = io.StringIO()
    typed = "25:00 tot 99:00\n19:00-21:00\n" + "\n" * 6
    console = Console(io.StringIO(typed), out)
    wizard = PlainWizard(console, RECORDED, RECORDED, volume_asked=True)
    wizard.ask_safe_contact()
    assert out.getvalue().count("These times cannot be read") == 1
    assert wizard.choices.safe_contact.hours == "19:00-21:00"
