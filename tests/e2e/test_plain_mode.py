"""`consent-app --plain` on a real pseudo-terminal against a real `consent-server` on loopback:
the whole journey of a victim in both languages, bad input at every prompt, and leaving."""

from __future__ import annotations

import subprocess
import time
import uuid
from pathlib import Path

import pytest

from api_client import ConsentClient
from api_client.errors import AuthenticationError
from api_client.models import (
    ChannelKind,
    Frequency,
    Inform,
    Permission,
    PreferenceWrite,
    Reassurance,
    Recipients,
    Role,
)
from consent_app import access_words as relations
from consent_app import account_checks, answer_checks, questions, summary
from consent_app.date_input import NO_SUCH_DATE
from consent_app.i18n import set_language
from consent_server import admin
from tests.support.plain_mode import (
    CONSENT_APP,
    ESC,
    PlainApp,
    capitalised,
    plain_env,
    prefix,
    start_plain,
    stored_preferences,
    t,
)
from tests.support.roles import PASSPHRASE, People
from tests.support.topics import ALL_TOPICS

pytestmark = pytest.mark.e2e

NEW_PASSPHRASE = "a calm and private passphrase"


def _code(live_people: People) -> tuple[uuid.UUID, str]:
    subject_id, _reference = live_people.record()
    with admin.connect(live_people.settings) as db:
        code = admin.issue_activation_code(db, live_people.settings, subject_id, role="victim").code
    return subject_id, code


@pytest.mark.parametrize(
    ("language", "choice", "yes", "leave"),
    [("en", "2", "yes", "leave"), ("nl", "1", "ja", "stoppen")],
)
def test_register_answer_every_question_send_and_see_history(
    live_people: People,
    plain_apps: list[PlainApp],
    tmp_path: Path,
    language: str,
    choice: str,
    yes: str,
    leave: str,
) -> None:
    subject_id, code = _code(live_people)
    username = f"plain.{uuid.uuid4().hex[:8]}"
    app = start_plain(plain_apps, live_people.live_server, tmp_path, language)
    set_language("nl" if language == "nl" else "en")
    try:
        _whole_journey(app, code, username, yes, leave, choice)
    finally:
        set_language("en")
    assert app.ended() == 0
    assert ESC not in app.written
    stored = stored_preferences(live_people.live_server, username, NEW_PASSPHRASE, subject_id)
    assert stored.inform is Inform.yes
    assert [c.kind for c in stored.channels] == [ChannelKind.email, ChannelKind.app]
    assert stored.channels[0].address == "person@example.org"
    assert stored.safe_contact.no_voicemail is True
    assert stored.safe_contact.hours == "9:00 - 12:00"
    assert stored.frequency is Frequency.monthly
    assert stored.reassurance is Reassurance.yearly
    with ConsentClient(live_people.live_server, timeout=5, max_retries=0) as client:
        client.login(username, NEW_PASSPHRASE)
        (sent,) = client.history(subject_id).items
    assert sent.questions_version == questions.QUESTIONS_VERSION  # the texts shown were v2


def _whole_journey(
    app: PlainApp, code: str, username: str, yes: str, leave: str, choice: str
) -> None:
    app.answer("Taal / Language", "3")
    app.see(t("Please type a number from 1 to %(last)s.", last=2))
    app.reply(choice)
    app.answer(t("What do you want to do?"), "2")
    # Register: every field refuses what is wrong, says why, and asks again.
    app.answer(t("Activation code"), "NOT-A-CODE")
    app.see(str(account_checks.CODE_NOT_VALID))
    app.reply(code.lower())
    app.answer(t("Choose a username"), "me@example.org")
    app.see(str(account_checks.NOT_AN_EMAIL))
    app.reply(username)
    app.secret(t("Choose a passphrase") + ":", "short")
    app.see(str(account_checks.check_new_passphrase("short")))
    app.secret(t("Choose a passphrase") + ":", NEW_PASSPHRASE)
    app.secret(t("Repeat the passphrase") + ":", "not the same words")
    app.see(str(account_checks.NOT_THE_SAME))
    app.secret(t("Choose a passphrase") + ":", NEW_PASSPHRASE)
    app.secret(t("Repeat the passphrase") + ":", NEW_PASSPHRASE)

    app.answer(t("Nothing has been recorded yet."), "10")
    app.see(t("Please type a number from 1 to %(last)s.", last=9))
    app.reply("1")  # Change my choices
    # 1: whether
    app.answer(t("Question %(number)s of %(total)s", number=1, total=7), "4")
    app.see(t("Please type a number from 1 to %(last)s.", last=3))
    app.reply("?")
    app.see(str(questions.INFORM.why))
    app.reply(yes)
    # 2: about what
    app.answer(t("Question %(number)s of %(total)s", number=2, total=7), "1 7")
    app.see(t("Please type numbers from 1 to %(last)s, or 0 for none.", last=4))
    app.reply("1 3")
    # 3: who
    app.answer(t("Question %(number)s of %(total)s", number=3, total=7), "1")
    # 4: how, best first; the e-mail address is checked
    app.answer(t("Question %(number)s of %(total)s", number=4, total=7), "0")
    app.see(str(questions.CHOOSE_A_CHANNEL))
    app.reply("2 1")
    email = capitalised(t(summary.CHANNELS[ChannelKind.email]))
    app.answer(f"{email}: {questions.ADDRESS_HINTS[ChannelKind.email]}", "not an address")
    app.see(str(answer_checks.check_email("not an address")))
    app.reply("person@example.org")
    # 5: how often; never asked before, so nothing is chosen and Enter alone is refused
    app.answer(t("Question %(number)s of %(total)s", number=5, total=7), "")
    app.see(t("Please type a number from 1 to %(last)s.", last=len(Frequency)))
    app.reply("?")
    app.see(str(questions.VOLUME.why))
    app.reply("2")  # a summary once a month
    app.answer(str(questions.REASSURANCE_NOTE), "")
    app.see(t("Please type a number from 1 to %(last)s.", last=2))
    app.reply(yes)
    # 6: safe contact
    label, hint = questions.SAFE_TEXTS["hours"]
    app.answer(f"{label} ({hint})", "9:00 - 12:00")
    app.answer(t("Safe days"), "1 2")
    app.answer(str(questions.SAFE_SWITCHES["no_voicemail"]), "1")
    app.answer(str(questions.SAFE_TEXTS["alternative_address"][0]), "")
    app.answer(str(questions.SAFE_TEXTS["discreet_sender"][0]), "")
    # 7: pause; a date that does not exist, then back to 6, which keeps every answer
    app.answer(t("Question %(number)s of %(total)s", number=7, total=7), "31-02-2030")
    app.see(str(NO_SUCH_DATE))
    app.reply("back")
    app.answer(t("Question %(number)s of %(total)s", number=6, total=7), "")
    app.answer(t("Safe days"), "")
    app.answer(str(questions.SAFE_SWITCHES["no_voicemail"]), "")
    app.answer(str(questions.SAFE_TEXTS["alternative_address"][0]), "")
    app.answer(str(questions.SAFE_TEXTS["discreet_sender"][0]), "")
    app.answer(t("Question %(number)s of %(total)s", number=7, total=7), "later")
    # The review shows what goes out, contact details included.
    app.see(t("Check your answers"))
    app.see(
        f"1) {t(summary.CHANNELS[ChannelKind.email])} (person@example.org); "
        f"2) {t(summary.CHANNELS[ChannelKind.app])}"
    )
    app.see(t(summary.FREQUENCY[Frequency.monthly]))
    app.see(t(summary.REASSURANCE[Reassurance.yearly]))
    app.see(t("only at these times: %(hours)s", hours="9:00 - 12:00"))
    app.answer("3. " + t("Leave without sending"), "5")
    app.see(t("Please type a number from 1 to %(last)s.", last=3))
    app.reply("1")
    app.see(prefix("✓ Sent. Version %(version)s, recorded on %(when)s.", "%(version)s") + "1")

    # History and the receipt of version 1.
    app.answer(prefix("Version %(version)s, last changed on %(when)s.", "%(version)s") + "1", "3")
    app.answer(t("Type the number of a version to see its receipt, or back."), "2")
    app.see(t("Please type a number from 1 to %(last)s.", last=1))
    app.reply("1")
    app.see(t("What was recorded:"))
    # Representatives: invite one, and get a code to hand over.
    app.answer("9. " + t("Log out"), "4")
    app.answer(t("Nobody acts for you at the moment."), "1")
    app.answer(t("Who is this person to you?"), "99")
    app.see(t("Please type a number from 1 to %(last)s.", last=len(relations.KINDS)))
    app.reply("1")
    app.answer(t("What may they do?"), "")
    app.see(
        t("Please type numbers from 1 to %(last)s, or 0 for none.", last=len(relations.PERMISSIONS))
    )
    app.reply("0")
    app.see(t("Please tick at least one thing they may do."))
    app.reply("1")
    app.see(t("Invitation code for your representative"))
    # Who looked at the record: the registration and the change are written down.
    app.answer("9. " + t("Log out"), "5")
    app.see(t("Newest first. Your own visit to this list is written down too."))
    app.answer("1. " + t("Show older entries"), "back")  # this journey wrote more than a page
    # Log out, then leave from the start.
    app.answer("9. " + t("Log out"), "9")
    app.see(t("You are logged out."))
    app.answer(t("What do you want to do?"), leave)


def test_log_in_and_say_no_in_dutch(
    live_people: People, plain_apps: list[PlainApp], tmp_path: Path
) -> None:
    victim = live_people.victim()
    app = start_plain(plain_apps, live_people.live_server, tmp_path, "nl")

    app.answer("Taal / Language", "3")
    app.see("Typ een nummer van 1 tot en met 2.")
    app.reply("1")  # Nederlands
    app.answer("Wat wil je doen?", "1")
    app.answer("Gebruikersnaam", "")
    app.see("Vul je gebruikersnaam in.")
    app.reply(victim.username)
    app.secret("Wachtzin:", "not the passphrase")
    app.see("De gebruikersnaam of de wachtzin klopt niet.")
    app.answer("Gebruikersnaam", victim.username)
    app.secret("Wachtzin:", PASSPHRASE)
    app.answer("Jouw keuzes", "1")
    app.answer("Vraag 1 van 7", "nee")
    app.see("Controleer je antwoorden")
    app.answer("3. ", "1")
    app.see("✓ Verstuurd. Versie 1")
    app.answer("9. Uitloggen", "stoppen")
    assert app.ended() == 0
    assert ESC not in app.written
    stored = stored_preferences(
        live_people.live_server, victim.username, PASSPHRASE, victim.subject_id
    )
    assert stored.inform is Inform.no


LEAVINGS = {
    "the word leave": lambda app: app.child.sendline("leave"),
    "Ctrl+C": lambda app: app.child.sendintr(),
    "Ctrl+D": lambda app: app.child.sendeof(),
}


@pytest.mark.parametrize("how", list(LEAVINGS))
def test_leaving_in_the_middle_of_the_questions_sends_nothing(
    live_people: People, plain_apps: list[PlainApp], tmp_path: Path, how: str
) -> None:
    victim = live_people.victim()
    app = start_plain(plain_apps, live_people.live_server, tmp_path, "en")
    app.answer("Taal / Language", "2")
    app.answer("What do you want to do?", "1")
    app.answer("Username", victim.username)
    app.secret("Passphrase:", PASSPHRASE)
    app.answer("Your choices", "1")
    app.answer("Question 1 of 7", "1")
    app.see("Question 2 of 7")
    app.see("> ")
    LEAVINGS[how](app)
    assert app.ended() == 0
    assert ESC not in app.written
    assert "Traceback" not in app.written
    stored = stored_preferences(
        live_people.live_server, victim.username, PASSPHRASE, victim.subject_id
    )
    assert stored.version == 0


@pytest.mark.parametrize("interrupts_ignored", [False, True], ids=["started plainly", "nohup"])
def test_ctrl_c_at_the_passphrase_leaves_at_once(
    live_people: People, plain_apps: list[PlainApp], tmp_path: Path, interrupts_ignored: bool
) -> None:
    """Also when the app was started with Ctrl+C ignored (``nohup``, a background job, a
    launcher), where Python would otherwise leave Ctrl+C without effect."""
    app = start_plain(
        plain_apps,
        live_people.live_server,
        tmp_path,
        "en",
        interrupts_ignored=interrupts_ignored,
    )
    app.answer("Taal / Language", "")
    app.answer("What do you want to do?", "1")
    app.answer("Username", "someone")
    app.see("Passphrase:")
    app.child.sendintr()
    assert app.ended() == 0
    assert "Traceback" not in app.written


def test_a_dumb_terminal_gets_the_plain_mode_without_asking(
    live_server: str, plain_apps: list[PlainApp], tmp_path: Path
) -> None:
    app = PlainApp(["--server", live_server, "--language", "en"], plain_env(tmp_path, TERM="dumb"))
    plain_apps.append(app)
    app.answer("Taal / Language", "leave")
    assert app.ended() == 0
    assert ESC not in app.written


def test_output_that_is_not_a_terminal_gets_the_plain_mode(
    live_server: str, tmp_path: Path
) -> None:
    done = subprocess.run(
        [CONSENT_APP, "--server", live_server, "--language", "en"],
        input="2\nleave\n",
        capture_output=True,
        text=True,
        env=plain_env(tmp_path),
        timeout=60,
        check=False,
    )
    assert done.returncode == 0
    assert "What do you want to do?" in done.stdout
    assert ESC not in done.stdout + done.stderr


def test_settings_for_the_server_are_the_same_as_the_app_s(tmp_path: Path) -> None:
    done = subprocess.run(
        [CONSENT_APP, "--plain", "--server", "http://example.org", "--language", "en"],
        input="\n",  # the language question comes first, as the app's start screen does
        capture_output=True,
        text=True,
        env=plain_env(tmp_path),
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "The server address must start with https:// (http:// only on this computer)."
    )
    assert "Traceback" not in done.stderr


def test_after_a_while_without_input_the_passphrase_is_asked_again(
    live_people: People, plain_apps: list[PlainApp], tmp_path: Path
) -> None:
    victim = live_people.victim()
    args = ["--plain", "--server", live_people.live_server, "--language", "en"]
    app = PlainApp(args, plain_env(tmp_path, CONSENT_APP_AUTO_LOCK_SECONDS="1"))
    plain_apps.append(app)
    app.answer("Taal / Language", "")
    app.answer("What do you want to do?", "1")
    app.answer("Username", victim.username)
    app.secret("Passphrase:", PASSPHRASE)
    app.see("9. Log out")
    app.see("> ")
    time.sleep(1.5)  # a real process on a real terminal: its own clock has to run
    app.child.sendline("1")  # typed into the locked app: not used
    app.see("The app is locked")
    app.secret("Passphrase:", "not the passphrase")
    app.see("The username or passphrase is not correct.")
    app.secret("Passphrase:", PASSPHRASE)
    app.see("What you typed was not used. Please answer again.")
    app.reply("9")
    app.see("You are logged out.")
    assert "Question 1 of 7" not in app.written
    app.answer("What do you want to do?", "leave")
    assert app.ended() == 0


def test_a_change_that_crossed_another_is_decided_in_the_plain_mode_too(
    live_people: People, plain_apps: list[PlainApp], tmp_path: Path
) -> None:
    victim = live_people.victim()
    assert victim.subject_id is not None
    app = start_plain(plain_apps, live_people.live_server, tmp_path, "en")
    app.answer("Taal / Language", "")
    app.answer("What do you want to do?", "1")
    app.answer("Username", victim.username)
    app.secret("Passphrase:", PASSPHRASE)
    app.answer("Your choices", "1")
    app.answer("Question 1 of 7", "yes")
    app.answer("Question 2 of 7", "1")
    app.answer("Question 3 of 7", "1")
    app.answer("Question 4 of 7", "1")
    app.answer("Question 5 of 7", "1")
    app.reply("2")  # no yearly message
    app.answer("Question 6 of 7", "")
    for _field in range(4):
        app.reply("")
    app.answer("Question 7 of 7", "")
    app.see("Check your answers")
    # Meanwhile the same person changes the record from somewhere else.
    with ConsentClient(live_people.live_server, timeout=5, max_retries=0) as other:
        other.login(victim.username, PASSPHRASE)
        write = PreferenceWrite(
            inform=Inform.yes, topics=ALL_TOPICS, recipients=Recipients.both, questions_locale="en"
        )
        other.put_preferences(victim.subject_id, write, if_match=0)
    app.answer("3. Leave without sending", "1")
    app.see("Not sent yet: someone else changed your choices at the same time.")
    app.answer("1. Choose what to keep", "1")
    app.see("Someone else changed your choices first")
    app.see("Recorded now: you and your representative")
    app.answer("4. Decide later", "1")  # keep my change
    app.answer("Log out", "leave")
    assert app.ended() == 0
    assert ESC not in app.written
    stored = stored_preferences(
        live_people.live_server, victim.username, PASSPHRASE, victim.subject_id
    )
    assert stored.recipients is Recipients.me
    assert stored.version == 2  # the change was sent on top of the other one


def test_a_change_by_a_representative_is_shown_once_and_can_be_undone(
    live_people: People, plain_apps: list[PlainApp], tmp_path: Path
) -> None:
    victim = live_people.victim()
    assert victim.subject_id is not None
    representative = live_people.mandate(victim, [Permission.view, Permission.edit])
    with live_people.client(representative) as rep:
        write = PreferenceWrite(inform=Inform.no, questions_locale="en")
        rep.put_preferences(victim.subject_id, write, if_match=0)
    app = start_plain(plain_apps, live_people.live_server, tmp_path, "en")
    app.answer("Taal / Language", "")
    app.answer("What do you want to do?", "1")
    app.answer("Username", victim.username)
    app.secret("Passphrase:", PASSPHRASE)
    app.see("Your representative changed your choices on")
    app.answer("Do you want to keep this change?", "3")
    app.see("Please type a number from 1 to 2.")
    app.reply("2")  # undo
    app.see("✓ Sent")
    app.answer("9. Log out", "leave")
    assert app.ended() == 0
    stored = stored_preferences(
        live_people.live_server, victim.username, PASSPHRASE, victim.subject_id
    )
    assert stored.version == 2
    assert stored.inform is Inform.undecided
    assert app.written.count("Do you want to keep this change?") == 1


def test_a_username_in_use_is_asked_again_and_the_rest_is_kept(
    live_people: People, plain_apps: list[PlainApp], tmp_path: Path
) -> None:
    _subject_id, code = _code(live_people)
    taken = live_people.account(Role.victim, "taken")
    app = start_plain(plain_apps, live_people.live_server, tmp_path, "en")
    app.answer("Taal / Language", "")
    app.answer("What do you want to do?", "2")
    app.answer("Activation code", code)
    app.answer("Choose a username", taken)
    app.secret("Choose a passphrase:", NEW_PASSPHRASE)
    app.secret("Repeat the passphrase:", NEW_PASSPHRASE)
    app.see("This username is already in use. Please choose another one.")
    app.answer("Choose a username", f"plain.{uuid.uuid4().hex[:8]}")
    app.answer("Nothing has been recorded yet.", "leave")
    assert app.ended() == 0
    after_refusal = app.written.split("already in use")[1]
    assert "Activation code" not in after_refusal
    assert "Choose a passphrase" not in after_refusal


def test_change_the_passphrase_then_delete_the_account(
    live_people: People, plain_apps: list[PlainApp], tmp_path: Path
) -> None:
    victim = live_people.victim()
    app = start_plain(plain_apps, live_people.live_server, tmp_path, "en")
    app.answer("Taal / Language", "")
    app.answer("What do you want to do?", "1")
    app.answer("Username", victim.username)
    app.secret("Passphrase:", PASSPHRASE)
    app.answer("9. Log out", "7")
    app.answer("3. Delete my account", "1")
    app.secret("Current passphrase:", "not the passphrase")
    app.secret("New passphrase:", NEW_PASSPHRASE)
    app.secret("New passphrase again:", NEW_PASSPHRASE)
    app.see("This is not your current passphrase. Please try again.")
    app.answer("9. Log out", "7")
    app.answer("3. Delete my account", "1")
    app.secret("Current passphrase:", PASSPHRASE)
    app.secret("New passphrase:", NEW_PASSPHRASE)
    app.secret("New passphrase again:", NEW_PASSPHRASE)
    app.see("Your passphrase was changed.")
    app.answer("9. Log out", "7")
    app.answer("3. Delete my account", "3")
    app.answer("Also clear my last answer about being informed", "2")
    app.secret("Your passphrase:", PASSPHRASE)  # the old one no longer works
    app.see("This is not your current passphrase. Please try again.")
    app.answer("9. Log out", "7")
    app.answer("3. Delete my account", "3")
    app.answer("Also clear my last answer about being informed", "2")
    app.secret("Your passphrase:", NEW_PASSPHRASE)
    app.see("Your account was deleted.")
    app.answer("What do you want to do?", "leave")
    assert app.ended() == 0
    with (
        ConsentClient(live_people.live_server, timeout=5, max_retries=0) as client,
        pytest.raises(AuthenticationError),
    ):
        client.login(victim.username, NEW_PASSPHRASE)
