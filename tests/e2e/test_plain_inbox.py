"""The inbox in `consent-app --plain`, on a real pseudo-terminal against a real
`consent-server` on loopback: a notifier records a case the victim can join, the victim sees
the neutral count after login, reads the message in the same words as the Textual app and
answers; "no more messages about this" ends in a new version; a representative with
receive_notices reads it as a representative. Bad input at every new prompt, leaving, and no
escape sequence anywhere."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from api_client.models import Inform, Permission, Recipients, Role
from api_client.notices import FindingCreate, FindingKind, ResponseKind
from consent_app import inbox, notice_guidance, notice_page, notice_words, questions, summary
from consent_app.i18n import format_date, set_language
from consent_app.plain import choices, home, inbox_pages
from consent_app.plain.start import PLAIN_HELP
from tests.support.findings import DEADLINE, case_to_join, wants_messages
from tests.support.plain_mode import (
    ESC,
    PlainApp,
    log_in,
    prefix,
    start_plain,
    stored_preferences,
    t,
)
from tests.support.roles import PASSPHRASE, LiveVictim, People

pytestmark = pytest.mark.e2e

TITLE = notice_words.TITLES["notice.case_joinable.title"]
MENU_SIZE = 9  # the victim's home menu; "6. Messages"
MESSAGES = "6"


@pytest.fixture
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    """The language the app is started in; the test reads the same catalogs."""
    chosen = str(getattr(request, "param", "en"))
    set_language("nl" if chosen == "nl" else "en")
    yield chosen
    set_language("en")


def _answers(live_people: People, victim: LiveVictim, notifier: str) -> set[ResponseKind]:
    assert victim.subject_id is not None
    with live_people.client(notifier) as police:
        return {a.kind for a in police.notice_responses(victim.subject_id).items}


def _at_a_message(
    live_people: People, plain_apps: list[PlainApp], tmp_path: Path, language: str
) -> tuple[LiveVictim, str, PlainApp]:
    """A victim who wants messages in the app, one case to join recorded by a notifier (whose
    username is returned), and the plain mode opened at that message."""
    victim = live_people.victim()
    wants_messages(live_people, victim, Recipients.me)
    notifier = case_to_join(live_people, victim)
    app = start_plain(plain_apps, live_people.live_server, tmp_path, language)
    log_in(app, victim.username, PASSPHRASE)
    app.answer(t("Log out"), MESSAGES)
    app.answer(t("Back"), "1")
    app.see(t(TITLE))
    return victim, notifier, app


@pytest.mark.parametrize(
    ("language", "count", "leave"),
    [("en", "1 new message", "leave"), ("nl", "1 nieuw bericht", "stoppen")],
    indirect=["language"],
)
def test_the_victim_reads_the_message_answers_and_the_notifier_sees_it(
    live_people: People,
    plain_apps: list[PlainApp],
    tmp_path: Path,
    language: str,
    count: str,
    leave: str,
) -> None:
    victim = live_people.victim()
    wants_messages(live_people, victim, Recipients.me)
    notifier = case_to_join(live_people, victim)
    app = start_plain(plain_apps, live_people.live_server, tmp_path, language)

    log_in(app, victim.username, PASSPHRASE)
    app.see(count)  # the neutral count, after login only
    assert app.written.index(count) > app.written.index(t("Passphrase"))
    app.answer(t("Log out"), str(MENU_SIZE + 1))
    app.see(t("Please type a number from 1 to %(last)s.", last=MENU_SIZE))
    app.reply(MESSAGES)
    # The list: one neutral line per message, a bad number, then the message.
    app.see(str(notice_page.LIST_INTRO))
    app.answer(f"{t('New')} · ", "x")
    app.see(t("Please type a number from 1 to %(last)s.", last=2))
    app.reply("?")
    app.see(str(notice_page.INBOX_WHY))
    app.reply("1")
    # The message: the fixed words, the facts, what can be done and by when.
    app.see(t(TITLE))
    app.see(t(notice_words.BODIES_FOR_SELF["notice.case_joinable.body"]))
    app.see("ZAAK-2026-0042")
    app.see(t(notice_guidance.JOIN[False], date=format_date(DEADLINE)))
    app.see(t(notice_guidance.SUPPORT[False]))
    # The answers: bad input, why, then "sign up to take part".
    app.answer(f"5. {t('Back')}", "0")
    app.see(t("Please type a number from 1 to %(last)s.", last=5))
    app.reply("?")
    app.see(str(notice_page.NOTICE_WHY))
    app.reply("1")
    app.see(t(inbox.NEXT_FOR_SELF[ResponseKind.want_to_join_case]))
    sent = t("✓ %(answer)s (sent)", answer=t(notice_words.ANSWERS[ResponseKind.want_to_join_case]))
    app.answer(sent, "back")
    # Back in the list, the message is read; back home, no count any more.
    app.answer(f"{t('Read')} · ", "back")
    app.answer(t("Log out"), leave)
    assert app.ended() == 0
    home_again = app.written.rsplit(t("Read") + " · ", 1)[1]
    assert count not in home_again
    assert ESC not in app.written
    assert "Traceback" not in app.written
    assert _answers(live_people, victim, notifier) == {
        ResponseKind.read,
        ResponseKind.want_to_join_case,
    }


def test_no_more_messages_about_this_ends_in_a_new_version_without_that_topic(
    live_people: People, plain_apps: list[PlainApp], tmp_path: Path, language: str
) -> None:
    victim, notifier, app = _at_a_message(live_people, plain_apps, tmp_path, language)
    app.answer(f"5. {t('Back')}", "4")  # no more messages about this
    app.see(str(inbox_pages.STOP_TOPIC_NOTE))
    # The questions open at the topics: this message's topic is switched off already.
    app.see(t("Question %(number)s of %(total)s", number=2, total=7))
    app.see(f"2. {t(summary.TOPICS['proceedings'])}\r\n")  # not "(chosen)"
    app.answer(t("Press Enter to keep what is shown."), "9")
    app.see(t("Please type numbers from 1 to %(last)s, or 0 for none.", last=4))
    app.reply("")
    for number in (3, 4):  # who, how: as they were
        app.answer(t("Question %(number)s of %(total)s", number=number, total=7), "")
    app.answer(t("Question %(number)s of %(total)s", number=5, total=7), "")  # how often
    app.answer(str(questions.REASSURANCE_NOTE), "")
    app.answer(t("Question %(number)s of %(total)s", number=6, total=7), "")
    for _field in range(4):
        app.reply("")
    app.answer(t("Question %(number)s of %(total)s", number=7, total=7), "")
    app.answer(t("Leave without sending"), "1")
    app.see(prefix("✓ Sent. Version %(version)s, recorded on %(when)s.", "%(version)s") + "2")
    app.see(t(inbox.NEXT_FOR_SELF[ResponseKind.stop_this_topic]))
    app.answer(f"5. {t('Back')}", "5")
    app.answer(t("Back"), "back")
    app.answer(t("Log out"), "leave")
    assert app.ended() == 0
    assert ESC not in app.written
    stored = stored_preferences(
        live_people.live_server, victim.username, PASSPHRASE, victim.subject_id
    )
    assert stored.version == 2
    assert stored.topics.proceedings is False
    assert stored.topics.new_findings is True
    assert ResponseKind.stop_this_topic in _answers(live_people, victim, notifier)


def test_leaving_the_questions_from_a_message_sends_nothing_then_ctrl_d_leaves(
    live_people: People, plain_apps: list[PlainApp], tmp_path: Path, language: str
) -> None:
    victim, notifier, app = _at_a_message(live_people, plain_apps, tmp_path, language)
    app.answer(f"5. {t('Back')}", "4")  # no more messages about this
    app.answer(t("Question %(number)s of %(total)s", number=2, total=7), "back")
    app.answer(t("Question %(number)s of %(total)s", number=1, total=7), "back")
    app.see(str(choices.NOTHING_SENT))
    app.answer(f"5. {t('Back')}", "")
    app.see(t("Please type a number from 1 to %(last)s.", last=5))
    app.see("> ")
    app.child.sendeof()
    assert app.ended() == 0
    assert ESC not in app.written
    assert "Traceback" not in app.written
    stored = stored_preferences(
        live_people.live_server, victim.username, PASSPHRASE, victim.subject_id
    )
    assert (stored.version, stored.inform, stored.topics.proceedings) == (1, Inform.yes, True)
    assert _answers(live_people, victim, notifier) == {ResponseKind.read}


@pytest.mark.parametrize("language", ["en", "nl"], indirect=True)
def test_a_representative_with_receive_notices_reads_it_as_a_representative(
    live_people: People, plain_apps: list[PlainApp], tmp_path: Path, language: str
) -> None:
    victim = live_people.victim()
    representative = live_people.mandate(victim, [Permission.view, Permission.receive_notices])
    wants_messages(live_people, victim, Recipients.both)
    notifier = case_to_join(live_people, victim)
    app = start_plain(plain_apps, live_people.live_server, tmp_path, language)
    log_in(app, representative, PASSPHRASE)
    app.see(str(inbox_pages.FOR_REPRESENTATIVES))
    app.see(t("Record %(label)s — you may %(permissions)s", label=victim.reference, permissions=""))
    app.see(inbox.count_text(1))
    app.answer(f"2. {t('Log out')}", "3")
    app.see(t("Please type a number from 1 to %(last)s.", last=2))
    app.reply("?")
    app.see(str(PLAIN_HELP))
    app.reply("1")
    app.answer(t("record %(label)s", label=victim.reference), "1")
    app.see(t(TITLE))
    app.see(
        t(
            "You read this as the representative of record %(label)s. It is about the "
            "person you represent, not about you.",
            label=victim.reference,
        )
    )
    app.see(t(notice_words.BODIES_FOR_REPRESENTATIVE["notice.case_joinable.body"]))
    app.see(t(notice_guidance.JOIN[True], date=format_date(DEADLINE)))
    app.answer(f"5. {t('Back')}", "4")  # no more messages about this: passed on only
    app.see(t(inbox.NEXT_FOR_REPRESENTATIVE[ResponseKind.stop_this_topic]))
    app.answer(f"5. {t('Back')}", "leave")
    assert app.ended() == 0
    assert ESC not in app.written
    assert t("Question %(number)s of %(total)s", number=2, total=7) not in app.written
    stored = stored_preferences(
        live_people.live_server, victim.username, PASSPHRASE, victim.subject_id
    )
    assert (stored.version, stored.topics.proceedings) == (1, True)
    assert ResponseKind.stop_this_topic in _answers(live_people, victim, notifier)


def test_a_representative_without_receive_notices_gets_no_messages(
    live_people: People, plain_apps: list[PlainApp], tmp_path: Path, language: str
) -> None:
    victim = live_people.victim()
    representative = live_people.mandate(victim, [Permission.view])
    wants_messages(live_people, victim, Recipients.both)
    case_to_join(live_people, victim)
    app = start_plain(plain_apps, live_people.live_server, tmp_path, language)
    log_in(app, representative, PASSPHRASE)
    app.see(str(inbox_pages.NO_MESSAGES_FOR_YOU))
    app.answer(f"1. {t('Log out')}", "2")
    app.see(t("Please type a number from 1 to %(last)s.", last=1))
    app.reply("1")
    app.see(t("You are logged out."))
    app.answer(t("What do you want to do?"), "leave")
    assert app.ended() == 0
    assert ESC not in app.written
    assert inbox.count_text(1) not in app.written
    assert t(TITLE) not in app.written


def test_the_list_shows_twenty_messages_at_a_time(
    live_people: People, plain_apps: list[PlainApp], tmp_path: Path, language: str
) -> None:
    victim = live_people.victim()
    assert victim.subject_id is not None
    wants_messages(live_people, victim, Recipients.me)
    with live_people.client(live_people.account(Role.notifier, "police")) as police:
        for number in range(inbox.PAGE_SIZE + 1):
            finding = FindingCreate(
                kind=FindingKind.compensation_info,
                case_reference=f"ZAAK-{number:04d}",
                authority="Politie Midden-Nederland",
            )
            police.record_finding(victim.subject_id, finding)
    app = start_plain(plain_apps, live_people.live_server, tmp_path, language)
    log_in(app, victim.username, PASSPHRASE)
    app.see(inbox.count_text(inbox.PAGE_SIZE + 1))
    app.answer(t("Log out"), MESSAGES)
    app.answer(f"{inbox.PAGE_SIZE + 2}. {t('Back')}", str(inbox.PAGE_SIZE + 3))
    app.see(t("Please type a number from 1 to %(last)s.", last=inbox.PAGE_SIZE + 2))
    app.reply(str(inbox.PAGE_SIZE + 1))  # show older messages
    app.answer(f"2. {t('Back')}", "1")  # the oldest, alone on the second page
    app.see("ZAAK-0000")
    app.answer(t("What do you want to do?"), "leave")
    assert app.ended() == 0
    assert ESC not in app.written
    assert f"{inbox.PAGE_SIZE + 1}. {t('Show older messages')}" in app.written


def test_support_staff_are_sent_to_the_full_app(
    live_people: People, plain_apps: list[PlainApp], tmp_path: Path, language: str
) -> None:
    staff = live_people.account(Role.staff, "staff")
    app = start_plain(plain_apps, live_people.live_server, tmp_path, language)
    log_in(app, staff, PASSPHRASE)
    app.see(str(home.NOT_FOR_THIS_ACCOUNT))
    app.see(t("You are logged out."))
    app.answer(t("What do you want to do?"), "leave")
    assert app.ended() == 0
    assert ESC not in app.written
