"""`consent-app --plain` on a real pseudo-terminal against a real `consent-server` on loopback:
the whole journey of a victim in both languages, bad input at every prompt, and leaving."""

from __future__ import annotations

import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from api_client import ConsentClient
from api_client.models import ChannelKind, Inform, Preferences
from consent_server import admin
from tests.support.plain_mode import CONSENT_APP, ESC, PlainApp, plain_env
from tests.support.roles import PASSPHRASE, People

pytestmark = pytest.mark.e2e

NEW_PASSPHRASE = "a calm and private passphrase"


@pytest.fixture
def people(live_server: str, live_server_database_url: str) -> People:
    return People(live_server, live_server_database_url)


@pytest.fixture
def started(tmp_path: Path) -> Iterator[list[PlainApp]]:
    apps: list[PlainApp] = []
    yield apps
    for app in apps:
        app.kill()


def _start(
    started: list[PlainApp], server: str, home: Path, language: str, *extra: str
) -> PlainApp:
    args = ["--plain", "--server", server, "--language", language, *extra]
    app = PlainApp(args, plain_env(home))
    started.append(app)
    return app


def _code(people: People) -> tuple[uuid.UUID, str]:
    subject_id, _reference = people.record()
    with admin.connect(people.settings) as db:
        code = admin.issue_activation_code(db, people.settings, subject_id, role="victim")
    return subject_id, code


def _stored(
    people: People, username: str, passphrase: str, subject_id: uuid.UUID | None
) -> Preferences:
    assert subject_id is not None
    with ConsentClient(people.live_server, timeout=5, max_retries=0) as client:
        client.login(username, passphrase)
        return client.get_preferences(subject_id)


def test_register_answer_every_question_send_and_see_history_in_english(
    people: People, started: list[PlainApp], tmp_path: Path
) -> None:
    subject_id, code = _code(people)
    username = f"plain.{uuid.uuid4().hex[:8]}"
    app = _start(started, people.live_server, tmp_path, "en")

    app.answer("Taal / Language", "")  # Enter keeps English
    app.answer("What do you want to do?", "2")
    # Register: every field refuses what is wrong, says why, and asks again.
    app.answer("Activation code", "NOT-A-CODE")
    app.see("This code is not correct.")
    app.reply(code.lower())
    app.answer("Choose a username", "me@example.org")
    app.see("Please choose a name, not an e-mail address.")
    app.reply(username)
    app.secret("Choose a passphrase:", "short")
    app.see("Too short")
    app.secret("Choose a passphrase:", NEW_PASSPHRASE)
    app.secret("Repeat the passphrase:", "not the same words")
    app.see("The two passphrases are not the same.")
    app.secret("Choose a passphrase:", NEW_PASSPHRASE)
    app.secret("Repeat the passphrase:", NEW_PASSPHRASE)

    app.answer("Nothing has been recorded yet.", "9")
    app.see("Please type a number from 1 to 7.")
    app.reply("1")  # Change my choices
    # 1: whether
    app.answer("Question 1 of 6", "4")
    app.see("Please type a number from 1 to 3.")
    app.reply("?")
    app.see("When the police find new copies of images of you")
    app.reply("yes")
    # 2: about what
    app.answer("Question 2 of 6", "1 7")
    app.see("Please type numbers from 1 to 4, or 0 for none.")
    app.reply("1 3")
    # 3: who
    app.answer("Question 3 of 6", "1")
    # 4: how, best first; the e-mail address is checked
    app.answer("Question 4 of 6", "0")
    app.see("Choose at least one way")
    app.reply("2 1")
    app.answer("E-mail: your e-mail address", "not an address")
    app.see("This does not look like an e-mail address.")
    app.reply("person@example.org")
    # 5: safe contact
    app.answer("Safe times (for example: 9:00 to 12:00)", "9:00 to 12:00")
    app.answer("Safe days", "1 2")
    app.answer("Do not leave a voicemail", "1")
    app.answer("Other address for post", "")
    app.answer("Sender name on letters", "")
    # 6: pause; a date that does not exist, then back to 5, which keeps every answer
    app.answer("Question 6 of 6", "31-02-2030")
    app.see("This date does not exist.")
    app.reply("back")
    app.answer("Question 5 of 6", "")
    app.answer("Safe days", "")
    app.answer("Do not leave a voicemail", "")
    app.answer("Other address for post", "")
    app.answer("Sender name on letters", "")
    app.answer("Question 6 of 6", "later")
    # The review shows what goes out, contact details included.
    app.see("Check your answers")
    app.see("1) e-mail (person@example.org); 2) a secure message in this app")
    app.see("only at these times: 9:00 to 12:00")
    app.answer("3. Leave without sending", "1")
    app.see("✓ Sent. Version 1")

    stored = _stored(people, username, NEW_PASSPHRASE, subject_id)
    assert stored.inform is Inform.yes
    channels = stored.channels
    assert [c.kind for c in channels] == [ChannelKind.email, ChannelKind.app]
    assert channels[0].address == "person@example.org"
    assert stored.safe_contact.no_voicemail is True

    # History and the receipt of version 1.
    app.answer("Version 1, last changed on", "3")
    app.answer("Type the number of a version to see its receipt", "1")
    app.see("What was recorded:")
    # Representatives: invite one, and get a code to hand over.
    app.answer("7. Log out", "4")
    app.answer("Nobody acts for you at the moment.", "1")
    app.answer("Who is this person to you?", "1")
    app.answer("What may they do?", "")
    app.see("Please type numbers from 1 to")
    app.reply("1")
    app.see("Invitation code for your representative")
    # Log out, then leave from the start.
    app.answer("7. Log out", "7")
    app.see("You are logged out.")
    app.answer("What do you want to do?", "leave")
    assert app.ended() == 0
    assert ESC not in app.written


def test_log_in_and_say_no_in_dutch(
    people: People, started: list[PlainApp], tmp_path: Path
) -> None:
    victim = people.victim()
    app = _start(started, people.live_server, tmp_path, "nl")

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
    app.answer("Vraag 1 van 6", "nee")
    app.see("Controleer je antwoorden")
    app.answer("3. ", "1")
    app.see("✓ Verstuurd. Versie 1")
    app.answer("7. Uitloggen", "stoppen")
    assert app.ended() == 0
    assert ESC not in app.written
    stored = _stored(people, victim.username, PASSPHRASE, victim.subject_id)
    assert stored.inform is Inform.no


LEAVINGS = {
    "the word leave": lambda app: app.child.sendline("leave"),
    "Ctrl+C": lambda app: app.child.sendintr(),
    "Ctrl+D": lambda app: app.child.sendeof(),
}


@pytest.mark.parametrize("how", list(LEAVINGS))
def test_leaving_in_the_middle_of_the_questions_sends_nothing(
    people: People, started: list[PlainApp], tmp_path: Path, how: str
) -> None:
    victim = people.victim()
    app = _start(started, people.live_server, tmp_path, "en")
    app.answer("Taal / Language", "2")
    app.answer("What do you want to do?", "1")
    app.answer("Username", victim.username)
    app.secret("Passphrase:", PASSPHRASE)
    app.answer("Your choices", "1")
    app.answer("Question 1 of 6", "1")
    app.see("Question 2 of 6")
    app.see("> ")
    LEAVINGS[how](app)
    assert app.ended() == 0
    assert ESC not in app.written
    assert "Traceback" not in app.written
    stored = _stored(people, victim.username, PASSPHRASE, victim.subject_id)
    assert stored.version == 0


def test_ctrl_c_at_the_passphrase_leaves_at_once(
    people: People, started: list[PlainApp], tmp_path: Path
) -> None:
    app = _start(started, people.live_server, tmp_path, "en")
    app.answer("Taal / Language", "")
    app.answer("What do you want to do?", "1")
    app.answer("Username", "someone")
    app.see("Passphrase:")
    app.child.sendintr()
    assert app.ended() == 0
    assert "Traceback" not in app.written


def test_a_dumb_terminal_gets_the_plain_mode_without_asking(
    live_server: str, started: list[PlainApp], tmp_path: Path
) -> None:
    app = PlainApp(["--server", live_server, "--language", "en"], plain_env(tmp_path, TERM="dumb"))
    started.append(app)
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
        input="",
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
    people: People, started: list[PlainApp], tmp_path: Path
) -> None:
    victim = people.victim()
    args = ["--plain", "--server", people.live_server, "--language", "en"]
    app = PlainApp(args, plain_env(tmp_path, CONSENT_APP_AUTO_LOCK_SECONDS="1"))
    started.append(app)
    app.answer("Taal / Language", "")
    app.answer("What do you want to do?", "1")
    app.answer("Username", victim.username)
    app.secret("Passphrase:", PASSPHRASE)
    app.see("7. Log out")
    app.see("> ")
    time.sleep(1.5)  # a real process on a real terminal: its own clock has to run
    app.child.sendline("1")  # typed into the locked app: not used
    app.see("The app is locked")
    app.secret("Passphrase:", "not the passphrase")
    app.see("The username or passphrase is not correct.")
    app.secret("Passphrase:", PASSPHRASE)
    app.see("What you typed was not used. Please answer again.")
    app.reply("7")
    app.see("You are logged out.")
    assert "Question 1 of 6" not in app.written
    app.answer("What do you want to do?", "leave")
    assert app.ended() == 0
