"""The inbox in the app, against a real ``consent-server`` on loopback: a notifier records a
finding with the typed client, the person sees a neutral count on home, reads the message and
answers, and the notifier reads that answer. A representative with receive_notices reads it
as acting for the person; one without does not see it. "No more messages about this" ends in
a new version without that topic."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Checkbox

from api_client import ConsentClient
from api_client.models import (
    Permission,
    Recipients,
    Role,
)
from api_client.notices import FindingCreate, FindingKind, ResponseKind
from consent_app.app import ConsentApp
from consent_app.i18n import Language
from consent_app.screens.home import HomeScreen
from consent_app.screens.inbox import InboxScreen
from consent_app.screens.notice import NoticeScreen
from consent_app.screens.receipt import ReceiptScreen
from consent_app.screens.stop_topic import StopTopicWizard
from consent_app.screens.subject_picker import SubjectPickerScreen
from consent_app.screens.wizard.steps import TopicsStep
from tests.support.findings import case_to_join, wants_messages
from tests.support.pilot import SIZE, settle
from tests.support.roles import People, flat, log_in, make_app, press

pytestmark = pytest.mark.anyio

WORDS = {
    "en": {
        "count": "1 new message",
        "title": "There is a criminal case you can take part in",
        "join": "voegen als benadeelde partij",
        "answer": "Sign up to take part in the case",
        "next": "Your answer has been passed on.",
        "as_rep": "You read this as the representative of record",
        "rep_body": "the person you represent can take part as an injured party",
        "rep_stop": "The choices of the person you represent stay as they are",
    },
    "nl": {
        "count": "1 nieuw bericht",
        "title": "Er is een strafzaak waarin je kunt meedoen",
        "join": "voegen als benadeelde partij",
        "answer": "Aanmelden om mee te doen in de zaak",
        "next": "Je antwoord is doorgegeven.",
        "as_rep": "Je leest dit als vertegenwoordiger van dossier",
        "rep_body": "de persoon die je vertegenwoordigt kan meedoen als benadeelde partij",
        "rep_stop": "De keuzes van de persoon die je vertegenwoordigt blijven zoals ze zijn",
    },
}


async def shows(app: ConsentApp, pilot: Pilot[None], text: str) -> bool:
    """Whether ``text`` appears on screen once every request (the count comes after the
    choices) has been answered."""
    for _attempt in range(3):
        await settle(app, pilot)
        if text in flat(app):
            return True
    return False


async def open_first_message(app: ConsentApp, pilot: Pilot[None]) -> None:
    await press(pilot, "#inbox")
    await settle(app, pilot)
    assert isinstance(app.screen, InboxScreen)
    await pilot.press("enter")
    await settle(app, pilot)
    assert isinstance(app.screen, NoticeScreen)


@pytest.mark.parametrize("language", ["en", "nl"])
async def test_victim_reads_a_case_to_join_answers_and_the_notifier_sees_it(
    people: People, app_client: ConsentClient, language: Language
) -> None:
    words = WORDS[language]
    victim = people.victim()
    assert victim.subject_id is not None
    wants_messages(people, victim, Recipients.me)
    notifier = case_to_join(people, victim)

    app = make_app(app_client, language)
    async with app.run_test(size=SIZE) as pilot:
        assert words["count"] not in flat(app)  # nothing before login
        await log_in(app, pilot, victim.username)
        assert isinstance(app.screen, HomeScreen)
        assert await shows(app, pilot, words["count"])
        assert words["count"] not in app.title

        await press(pilot, "#inbox-read")  # the button beside the count
        await settle(app, pilot)
        assert isinstance(app.screen, InboxScreen)
        assert words["title"] in flat(app)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, NoticeScreen)
        text = flat(app)
        assert words["title"] in text
        assert "ZAAK-2026-0042" in text
        assert words["as_rep"] not in text
        # The ways forward are lower down: the whole body, not only what fits on screen.
        body = " ".join(str(w.render()) for w in app.screen.query("#what, #ways"))
        assert words["join"] in body
        assert "Schadefonds Geweldsmisdrijven" in body
        assert "Slachtofferhulp Nederland" in body

        await press(pilot, "#answer-want_to_join_case")
        await settle(app, pilot)
        assert words["next"] in flat(app)
        answered = app.screen.query_one("#answer-want_to_join_case", Button)
        assert "✓ " + words["answer"] in str(answered.label)
        assert answered.size.width >= len(str(answered.label))  # the whole label shows

        await pilot.press("escape")  # back to the inbox, then home
        await settle(app, pilot)
        assert isinstance(app.screen, InboxScreen)
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        assert not await shows(app, pilot, words["count"])  # read now

    with people.client(notifier) as police:
        answers = police.notice_responses(victim.subject_id).items
    assert {(a.kind, a.relation) for a in answers} == {
        (ResponseKind.read, "self"),
        (ResponseKind.want_to_join_case, "self"),
    }


@pytest.mark.parametrize("language", ["en", "nl"])
async def test_a_representative_with_receive_notices_reads_it_as_acting_for_the_person(
    people: People, app_client: ConsentClient, language: Language
) -> None:
    words = WORDS[language]
    victim = people.victim()
    with_notices = people.mandate(victim, [Permission.view, Permission.receive_notices])
    without = people.mandate(victim, [Permission.view])
    wants_messages(people, victim, Recipients.both)
    case_to_join(people, victim)

    app = make_app(app_client, language)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(app, pilot, with_notices)
        assert isinstance(app.screen, SubjectPickerScreen)
        assert await shows(app, pilot, words["count"])
        await open_first_message(app, pilot)
        text = flat(app)
        assert words["as_rep"] in text
        assert victim.reference in text
        body = " ".join(str(w.render()) for w in app.screen.query("#what, #ways"))
        assert words["rep_body"] in body
        await press(pilot, "#answer-stop_this_topic")  # passed on; no questions for them
        await settle(app, pilot)
        assert isinstance(app.screen, NoticeScreen)
        assert words["rep_stop"] in flat(app)

    assert victim.subject_id is not None
    with people.client(victim.username) as own:
        stored = own.get_preferences(victim.subject_id)
    assert (stored.version, stored.topics.proceedings) == (1, True)  # unchanged

    other = make_app(app_client, language)
    async with other.run_test(size=SIZE) as pilot:
        await log_in(other, pilot, without)
        assert isinstance(other.screen, SubjectPickerScreen)
        assert not await shows(other, pilot, words["count"])
        assert not other.screen.query_one("#inbox").display


async def test_stop_this_topic_ends_in_a_new_version_without_that_topic(
    people: People, app_client: ConsentClient
) -> None:
    victim = people.victim()
    assert victim.subject_id is not None
    wants_messages(people, victim, Recipients.me)
    notifier = case_to_join(people, victim)

    app = make_app(app_client, "en")
    async with app.run_test(size=SIZE) as pilot:
        await log_in(app, pilot, victim.username)
        await open_first_message(app, pilot)
        await press(pilot, "#answer-stop_this_topic")
        await settle(app, pilot)
        wizard = app.screen
        assert isinstance(wizard, StopTopicWizard)
        assert wizard.steps[wizard.index] is TopicsStep
        assert wizard.query_one("#topic-proceedings", Checkbox).value is False
        assert wizard.query_one("#topic-removal", Checkbox).value is True
        while not wizard.on_review:
            await pilot.press("ctrl+n")
            await pilot.pause()
        assert "criminal cases you can join" not in flat(app)
        await press(pilot, "#send")
        await settle(app, pilot)
        assert isinstance(app.screen, ReceiptScreen)

    with people.client(victim.username) as own:
        history = own.history(victim.subject_id).items
    assert [v.version for v in history] == [2, 1]  # one new version, not two
    assert history[0].preferences.topics.proceedings is False
    assert history[0].preferences.topics.removal is True
    assert history[0].questions_version == "2"
    with people.client(notifier) as police:
        kinds = {a.kind for a in police.notice_responses(victim.subject_id).items}
    assert ResponseKind.stop_this_topic in kinds


async def test_the_inbox_pages_newest_first(people: People, app_client: ConsentClient) -> None:
    victim = people.victim()
    assert victim.subject_id is not None
    wants_messages(people, victim, Recipients.me)
    notifier = people.account(Role.notifier, "police")
    with people.client(notifier) as police:
        for number in range(22):
            police.record_finding(
                victim.subject_id,
                FindingCreate(
                    kind=FindingKind.removal_done,
                    case_reference=f"ZAAK-{number:02d}",
                    authority="Politie Midden-Nederland",
                ),
            )
    app = make_app(app_client, "en")
    async with app.run_test(size=SIZE) as pilot:
        await log_in(app, pilot, victim.username)
        assert await shows(app, pilot, "22 new messages")
        await press(pilot, "#inbox")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, InboxScreen)
        assert len(screen.notices) == 20
        created = [n.created_at for n in screen.notices]
        assert created == sorted(created, reverse=True)
        await press(pilot, "#more")
        await settle(app, pilot)
        assert len(screen.notices) == 22
        assert len({n.id for n in screen.notices}) == 22
        assert not screen.query_one("#more").display
