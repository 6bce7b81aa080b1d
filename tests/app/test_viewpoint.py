"""Someone acting for another person is addressed as such: a representative reads about "the
person you act for" (questions, record, history, receipt), never as if they were the victim,
in English and Dutch. The victim's own texts stay in the second person."""

from __future__ import annotations

import re

import pytest

from api_client import ConsentClient
from api_client.models import (
    Channel,
    ChannelKind,
    DelegationCreate,
    DelegationKind,
    Inform,
    Permission,
    PreferenceChoices,
    PreferenceWrite,
    Reassurance,
    Role,
    SafeContact,
)
from consent_app import conflicts, questions, review, summary, viewpoint
from consent_app.i18n import N_
from consent_app.screens.help import HelpScreen
from consent_app.screens.history import HistoryScreen
from consent_app.screens.receipt import ReceiptScreen
from consent_app.screens.represented import RepresentedRecordScreen
from consent_app.screens.wizard import WizardScreen
from consent_app.viewpoint import Viewpoint, Worded
from tests.support.pilot import SIZE, settle
from tests.support.roles import People, flat, log_in, make_app, press
from tests.support.topics import ALL_TOPICS

pytestmark = pytest.mark.anyio


def test_one_place_decides_the_viewpoint_from_the_role() -> None:
    text = Worded(N_("you"), N_("the person you act for"), N_("the person you are helping"))
    try:
        for role, expected in [
            (Role.victim, "you"),
            (Role.representative, "the person you act for"),
            (Role.staff, "the person you are helping"),
        ]:
            viewpoint.set_viewer(role)
            assert str(text) == expected
        viewpoint.set_viewer()
        assert viewpoint.current() is Viewpoint.victim
    finally:
        viewpoint.set_viewer()


async def test_a_representative_reads_about_the_person_they_act_for(
    people: People, app_client: ConsentClient
) -> None:
    victim = people.victim()
    assert victim.subject_id is not None
    representative = people.account(Role.representative, "rep")
    with people.client(victim.username) as own:
        own.create_delegation(
            victim.subject_id,
            DelegationCreate(
                representative_username=representative,
                kind=DelegationKind.lawyer,
                permissions=[Permission.view, Permission.edit],
            ),
        )
        # The victim's own version, which the representative's history must not call theirs.
        own.put_preferences(
            victim.subject_id,
            PreferenceWrite(inform=Inform.yes, topics=ALL_TOPICS, questions_locale="en"),
            if_match=0,
        )
    app = make_app(app_client)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(app, pilot, representative)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, RepresentedRecordScreen)
        text = flat(app)
        assert "Yes, the person you act for wants to be informed." in text
        assert "you want" not in text

        await press(pilot, "#history")
        await settle(app, pilot)
        assert isinstance(app.screen, HistoryScreen)
        text = flat(app)
        assert "by the person you act for" in text and "by yourself" not in text
        await pilot.press("escape")
        await settle(app, pilot)

        await press(pilot, "#change")
        await settle(app, pilot)
        assert isinstance(app.screen, WizardScreen)
        text = flat(app)
        assert "Does the person you act for want to be told" in text
        assert "images of you" not in text
        await pilot.press("f1")  # the reason for the question is worded for them too
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        why = " ".join(str(app.screen.query_one("#help-body TranslatedText").render()).split())
        assert "images of the person you act for" in why
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        assert "Wil de persoon voor wie je optreedt bericht krijgen" in flat(app)
        await pilot.press("f2")
        await pilot.pause()

        await pilot.press("f3")  # decide later: straight to the review
        await pilot.pause()
        await press(pilot, "#send")
        await settle(app, pilot)
        assert isinstance(app.screen, ReceiptScreen)
        text = flat(app)
        assert "Made by: you." in text
        assert "What happens next: nobody will contact the person you act for" in text
        assert "your representative" not in text, text


# What addresses the reader as the person the record is about ("your wishes", "send me").
_AS_THE_VICTIM = re.compile(
    r"\byour\b|\bme\b|\bimages of you\b|\bdo you want\b|\bwhat you want\b|\byou can join\b", re.I
)


@pytest.mark.parametrize("role", [Role.representative, Role.staff])
def test_texts_about_the_choices_never_address_someone_acting_for_another_as_the_victim(
    role: Role,
) -> None:
    """The questions, the yearly-message choice, the review (its heading and lines), the
    receipt lines and the conflict labels, as a representative or staff member reads them."""
    choices = PreferenceChoices(
        inform=Inform.yes,
        topics=ALL_TOPICS,
        channels=[Channel(kind=ChannelKind.app)],
        reassurance=Reassurance.yearly,
        safe_contact=SafeContact(no_post_to_home=True, household_must_not_know=True),
    )
    viewpoint.set_viewer(role)
    try:
        texts = [str(text) for q in questions.QUESTIONS for text in (q.text, q.why)]
        texts += [str(questions.REASSURANCE_NOTE), str(questions.REASSURANCE_YES)]
        texts += [str(review.REVIEW_HEADING), str(review.REVIEW_QUESTION)]
        texts.append(str(review.LOADING))
        texts += [f"{label}: {value}" for label, value in summary.detail_lines(choices)]
        texts += [str(label) for label in conflicts.FIELDS.values()]
        texts.append(str(conflicts.CONFLICT_HEADING))
        wrong = [text for text in texts if _AS_THE_VICTIM.search(text)]
        assert wrong == []
    finally:
        viewpoint.set_viewer()
