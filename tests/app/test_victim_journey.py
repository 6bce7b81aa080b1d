"""The victim's journey after login, against a real ``consent-server`` on loopback: the
questions, sending, the receipt, the sync state, changes by others, history and account."""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, OptionList, RadioButton, RadioSet

from api_client import ConsentClient
from api_client.models import (
    AssistedEntry,
    ChannelKind,
    Frequency,
    Inform,
    PreferenceWrite,
    Reassurance,
    Role,
)
from consent_app.app import ConsentApp
from consent_app.outbox import Outbox
from consent_app.screens.account import AccountScreen
from consent_app.screens.confirm import ConfirmModal
from consent_app.screens.export import ExportScreen
from consent_app.screens.history import HistoryScreen
from consent_app.screens.home import HomeScreen
from consent_app.screens.receipt import ReceiptScreen
from consent_app.screens.start import StartScreen
from consent_app.screens.wizard import WizardScreen
from consent_app.settings import AppSettings
from consent_server import admin
from consent_server.settings import ServerSettings
from consent_server.tables import SubjectRow
from tests.support.keyrings import MemoryKeyring
from tests.support.pilot import SIZE, screen_text, settle
from tests.support.topics import ALL_TOPICS

pytestmark = pytest.mark.anyio

PASSPHRASE = "quiet river under the old bridge"
STAFF_PASSPHRASE = "staff member passphrase for app tests"


@pytest.fixture
def client(live_server: str) -> Iterator[ConsentClient]:
    with ConsentClient(live_server, timeout=5, max_retries=0) as live:
        yield live


@pytest.fixture
def person(client: ConsentClient, live_server_database_url: str) -> tuple[str, uuid.UUID]:
    """A victim account linked to a fresh record on the live server, logged in on ``client``:
    (username, subject id). Made in the database, as staff would: the live server allows
    only a few registrations per address, and registering is tested elsewhere."""
    settings = ServerSettings(database_url=live_server_database_url)
    username = f"person.{uuid.uuid4().hex[:8]}"
    with admin.connect(settings) as db:
        subject = admin.create_subject(db, settings, f"JRN-{uuid.uuid4().hex[:10]}")
        account = admin.create_account(db, settings, username, PASSPHRASE, Role.victim)
        row = db.get(SubjectRow, subject.id)
        assert row is not None
        row.account_id = account.id
        db.commit()
    client.login(username, PASSPHRASE)
    return username, subject.id


def flat(app: ConsentApp) -> str:
    """The screen as one line: texts that wrap still match."""
    return " ".join(screen_text(app).split())


def _other_client(live_server: str, username: str, passphrase: str) -> ConsentClient:
    other = ConsentClient(live_server, timeout=5, max_retries=0)
    other.login(username, passphrase)
    return other


def _app(client: ConsentClient, outbox: Outbox | None = None) -> ConsentApp:
    box = outbox or Outbox.in_memory()
    return ConsentApp(AppSettings(language="en"), client, outbox_factory=lambda: box)


async def _home(
    app: ConsentApp, pilot: Pilot[None], username: str, *, log_in: bool = False
) -> None:
    if log_in:
        app.client.login(username, PASSPHRASE)
    app.start_session(username, remember_me=False)
    await settle(app, pilot)
    assert isinstance(app.screen, HomeScreen)


async def _open_wizard(app: ConsentApp, pilot: Pilot[None]) -> None:
    await pilot.click("#change")
    await settle(app, pilot)
    assert isinstance(app.screen, WizardScreen)


@contextlib.asynccontextmanager
async def _at_home(
    client: ConsentClient, username: str, *, wizard: bool = False
) -> AsyncIterator[tuple[ConsentApp, Pilot[None]]]:
    """The app on ``client`` at the victim's home screen (or, with ``wizard``, in the
    questions opened from there)."""
    app = _app(client)
    async with app.run_test(size=SIZE) as pilot:
        await _home(app, pilot, username)
        if wizard:
            await _open_wizard(app, pilot)
        yield app, pilot


async def _answer_inform(pilot: Pilot[None], index: int) -> None:
    radios = pilot.app.screen.query_one("#inform", RadioSet)
    radios.focus()
    await pilot.pause()
    selected = radios._selected  # Textual keeps the highlighted button private
    assert selected is not None
    steps = index - selected
    await pilot.press(*(["down"] * steps if steps > 0 else ["up"] * -steps))
    await pilot.press("space")
    await pilot.press("ctrl+n")
    await pilot.pause()


async def test_answers_are_sent_and_the_server_holds_exactly_that_version(
    client: ConsentClient, person: tuple[str, uuid.UUID], live_server: str
) -> None:
    username, subject_id = person
    async with _at_home(client, username, wizard=True) as (app, pilot):
        assert "Question 1 of 7" in flat(app)
        await _answer_inform(pilot, 0)  # yes
        assert "What do you want to be told about?" in flat(app)
        await pilot.press("tab", "space")  # proceedings off
        await pilot.press("ctrl+n")  # topics
        await pilot.pause()
        screen = app.screen
        assert screen.query_one("#recipients", RadioSet).pressed_index == -1  # nothing chosen
        await pilot.press("space", "ctrl+n")  # recipients: me (the first, highlighted)
        await pilot.pause()
        email_row = screen.query_one("#channel-email")
        email_row.query_one(Checkbox).value = True
        email_input = email_row.query_one(Input)
        email_input.value = "not an address"
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert "does not look like an e-mail address" in flat(app)
        email_input.value = "me@example.nl"
        email_input.focus()
        await pilot.press("ctrl+up")  # e-mail before the app
        screen.query_one("#channel-app").query_one(Checkbox).value = True
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert "How often do you want to be told?" in flat(app)
        assert screen.query_one("#frequency", RadioSet).pressed_index == -1  # nothing chosen
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert "Please choose how often, or choose 'Decide later'." in flat(app)
        await pilot.press("down", "space")  # a summary once a month
        screen.query_one("#reassurance", Checkbox).value = True
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert "safe to contact you" in flat(app)
        screen.query_one("#no_voicemail").value = True  # type: ignore[attr-defined]
        await pilot.press("ctrl+n")
        await pilot.pause()
        screen.query_one("#paused_until", Input).value = "31-12-2099"
        await pilot.press("ctrl+n")
        await pilot.pause()
        text = flat(app)
        assert "Is this what you want?" in text
        assert "1) e-mail (me@example.nl); 2) a secure message in this app" in text
        assert "How often: a summary once a month" in text
        assert "Message that your wishes still stand: yes: once a year" in text
        assert client.get_preferences(subject_id).version == 0  # nothing sent before confirming
        await pilot.click("#send")
        await settle(app, pilot)
        assert isinstance(app.screen, ReceiptScreen)
        text = flat(app)
        assert "✓ Sent. Version 1, recorded on" in text
        assert "Made by: yourself. Questions shown in: English." in text

    stored = client.get_preferences(subject_id)  # a separate request, after the app closed
    history = client.history(subject_id).items
    assert stored.version == 1
    assert [v.version for v in history] == [1]
    assert stored.inform is Inform.yes
    assert stored.topics.proceedings is False and stored.topics.new_findings is True
    assert [(c.kind, c.address) for c in stored.channels] == [
        (ChannelKind.email, "me@example.nl"),
        (ChannelKind.app, None),
    ]
    assert stored.safe_contact.no_voicemail is True
    assert str(stored.paused_until) == "2099-12-31"
    assert (stored.frequency, stored.reassurance) == (Frequency.monthly, Reassurance.yearly)
    assert history[0].questions_version == "2"


async def test_decide_later_records_not_decided(
    client: ConsentClient, person: tuple[str, uuid.UUID]
) -> None:
    username, subject_id = person
    async with _at_home(client, username, wizard=True) as (app, pilot):
        await pilot.press("f3")  # decide later on the first question
        await pilot.pause()
        assert "Nobody will contact you about new images until you decide" in flat(app)
        await pilot.click("#send")
        await settle(app, pilot)
        assert "✓ Sent. Version 1" in flat(app)
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "Not decided yet" in flat(app)
    stored = client.get_preferences(subject_id)
    assert (stored.version, stored.inform) == (1, Inform.undecided)


async def test_no_skips_the_detail_questions(
    client: ConsentClient, person: tuple[str, uuid.UUID]
) -> None:
    username, subject_id = person
    async with _at_home(client, username, wizard=True) as (app, pilot):
        await _answer_inform(pilot, 1)  # no
        text = flat(app)
        assert "Is this what you want?" in text
        assert "No, you do not want to be informed." in text
        await pilot.press("escape")  # back goes to the first question, not to the details
        await pilot.pause()
        assert "Question 1 of 7" in flat(app)
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.click("#send")
        await settle(app, pilot)
    stored = client.get_preferences(subject_id)
    assert (stored.version, stored.inform) == (1, Inform.no)


async def test_leaving_the_wizard_sends_nothing(
    client: ConsentClient, person: tuple[str, uuid.UUID]
) -> None:
    username, subject_id = person
    async with _at_home(client, username, wizard=True) as (app, pilot):
        await _answer_inform(pilot, 0)
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)  # answers would be lost: asked first
        app.screen.query_one("#yes").press()  # type: ignore[attr-defined]
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
    assert client.get_preferences(subject_id).version == 0


async def test_unreachable_server_keeps_the_change_waiting_and_loses_nothing(
    client: ConsentClient, person: tuple[str, uuid.UUID], tmp_path: Path, closed_port: int
) -> None:
    username, subject_id = person
    keyring = MemoryKeyring()
    outbox = Outbox.open(tmp_path / "store.bin", keyring_backend=keyring)
    app = _app(client, outbox)
    async with app.run_test(size=SIZE) as pilot:
        await _home(app, pilot, username)
        await _open_wizard(app, pilot)
        await _answer_inform(pilot, 1)  # no
        good_url = client._base_url
        client._base_url = httpx.URL(f"http://127.0.0.1:{closed_port}")
        await pilot.click("#send")
        await settle(app, pilot)
        text = flat(app)
        assert "Waiting to be sent" in text
        assert "sends them automatically" in text
        await pilot.press("escape")
        await settle(app, pilot)
        assert "Waiting to be sent (1)" in flat(app)
        client._base_url = good_url
    # Nothing lost: a new app run on the same outbox file sends it.
    reopened = Outbox.open(tmp_path / "store.bin", keyring_backend=keyring)
    assert len(reopened.waiting_for(subject_id)) == 1
    app = _app(client, reopened)
    async with app.run_test(size=SIZE) as pilot:
        await _home(app, pilot, username)
        await settle(app, pilot)
        assert "Sent" in flat(app)
    stored = client.get_preferences(subject_id)
    assert (stored.version, stored.inform) == (1, Inform.no)


async def test_change_by_staff_is_shown_on_next_login_and_can_be_undone(
    client: ConsentClient,
    person: tuple[str, uuid.UUID],
    live_server: str,
    live_server_database_url: str,
) -> None:
    username, subject_id = person
    settings = ServerSettings(database_url=live_server_database_url)
    staff_name = f"staff.{uuid.uuid4().hex[:8]}"
    with admin.connect(settings) as db:
        admin.create_staff(db, settings, staff_name, STAFF_PASSPHRASE)
    async with _at_home(client, username, wizard=True) as (app, pilot):
        await _answer_inform(pilot, 1)  # no
        await pilot.click("#send")
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.click("#logout")
        await settle(app, pilot)
        assert isinstance(app.screen, StartScreen)

        with _other_client(live_server, staff_name, STAFF_PASSPHRASE) as staff:
            write = PreferenceWrite(
                inform=Inform.yes,
                topics=ALL_TOPICS,
                questions_locale="en",
                questions_version="2",  # the current questions: no "please look again"
                assisted=AssistedEntry(identity_check="passport seen", read_back_confirmed=True),
            )
            staff.put_preferences(subject_id, write, if_match=1)

        await _home(app, pilot, username, log_in=True)
        await settle(app, pilot)
        text = flat(app)
        assert "Support staff, together with you changed your choices on" in text
        assert "Being informed: was no, now yes" in text
        app.screen.query_one("#undo").press()  # type: ignore[attr-defined]
        await settle(app, pilot)
        assert "changed your choices on" not in flat(app)
    stored = client.get_preferences(subject_id)
    assert (stored.version, stored.inform) == (3, Inform.no)
    assert stored.updated_by is not None and stored.updated_by.relation == "self"


async def test_history_lists_versions_and_a_receipt_is_saved_to_the_named_file(
    client: ConsentClient, person: tuple[str, uuid.UUID], tmp_path: Path
) -> None:
    username, subject_id = person
    client.put_preferences(subject_id, PreferenceWrite(inform=Inform.no), if_match=0)
    client.put_preferences(
        subject_id,
        PreferenceWrite(inform=Inform.yes, topics=ALL_TOPICS, questions_locale="en"),
        if_match=1,
    )
    async with _at_home(client, username) as (app, pilot):
        await pilot.click("#history")
        await settle(app, pilot)
        assert isinstance(app.screen, HistoryScreen)
        text = flat(app)
        assert "Version 2" in text and "Version 1" in text
        assert "by yourself · questions in English" in text
        assert "questions in Dutch" in text
        options = app.screen.query_one("#versions", OptionList)
        options.focus()
        options.highlighted = 1
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ReceiptScreen)
        assert "Version 1" in flat(app)
        await pilot.click("#export")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        assert "anyone who uses this computer can read this file" in flat(app)
        # Each label stands right above what it names: the choice, then the file name.
        labels = flat(app).split("What to save:")[1]
        assert labels.index("Only this version") < labels.index("File name (ending in .txt")
        assert list(tmp_path.iterdir()) == []  # nothing written before a name is given
        await pilot.press("enter")
        await pilot.pause()
        assert "Please type a file name first." in flat(app)
        target = tmp_path / "receipt.json"
        app.screen.query_one("#path", Input).value = str(tmp_path / "missing" / "r.txt")
        await pilot.press("enter")
        await settle(app, pilot)
        assert "This folder does not exist." in flat(app)
        app.screen.query_one("#path", Input).value = "receipt.json"
        await pilot.pause()
        where = str(app.screen.query_one("#where").render())
        assert where == f"It will be saved as: {Path.cwd() / 'receipt.json'}"
        app.screen.query_one("#path", Input).value = str(target)
        await pilot.pause()
        assert str(app.screen.query_one("#where").render()).endswith(str(target))
        await pilot.press("enter")  # by default: the whole history
        await settle(app, pilot)
        assert isinstance(app.screen, ReceiptScreen)

        await pilot.click("#export")
        await pilot.pause()
        app.screen.query_one("#which", RadioSet).query(RadioButton)[1].value = True
        app.screen.query_one("#path", Input).value = str(tmp_path / "one.txt")
        app.screen.query_one("#path", Input).focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ReceiptScreen)
    content = json.loads(target.read_text())
    assert [receipt["version"] for receipt in content] == [2, 1]
    assert content[1]["decision"] == "no"
    assert target.stat().st_mode & 0o077 == 0
    one = (tmp_path / "one.txt").read_text()
    assert "Version: 1" in one and "Version: 2" not in one


async def test_change_passphrase_then_log_in_with_the_new_one(
    client: ConsentClient, person: tuple[str, uuid.UUID], live_server: str
) -> None:
    username, _subject = person
    new = "a different long passphrase for later"
    async with _at_home(client, username) as (app, pilot):
        await pilot.click("#account")
        await settle(app, pilot)
        assert isinstance(app.screen, AccountScreen)
        screen = app.screen
        screen.query_one("#current", Input).value = "not my passphrase"
        screen.query_one("#new", Input).value = new
        screen.query_one("#repeat", Input).value = new
        screen.query_one("#change").press()  # type: ignore[attr-defined]
        await settle(app, pilot)
        assert "This is not your current passphrase" in flat(app)
        screen.query_one("#current", Input).value = PASSPHRASE
        screen.query_one("#new", Input).value = new
        screen.query_one("#repeat", Input).value = new
        screen.query_one("#change").press()  # type: ignore[attr-defined]
        await settle(app, pilot)
        assert "Your passphrase was changed." in flat(app)
    with _other_client(live_server, username, new) as other:
        assert other.me().account.username == username


async def test_delete_account_keeps_the_decision_by_default(
    client: ConsentClient, person: tuple[str, uuid.UUID], live_server: str
) -> None:
    username, subject_id = person
    client.put_preferences(subject_id, PreferenceWrite(inform=Inform.no), if_match=0)
    async with _at_home(client, username) as (app, pilot):
        await pilot.click("#account")
        await settle(app, pilot)
        screen = app.screen
        assert screen.query_one("#clear").value is False  # type: ignore[attr-defined]
        passphrase = screen.query_one("#delete-passphrase", Input)

        # A wrong passphrase: asked first, then refused; the cursor stays in the field.
        passphrase.value = "not my passphrase at all"
        screen.query_one("#delete").press()  # type: ignore[attr-defined]
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        app.screen.query_one("#yes").press()  # type: ignore[attr-defined]
        await settle(app, pilot)
        assert app.screen is screen
        assert "not your current passphrase" in " ".join(screen_text(app).split())
        assert app.focused is passphrase

        # "No" is the default answer: Enter keeps the account.
        passphrase.value = PASSPHRASE
        screen.query_one("#delete").press()  # type: ignore[attr-defined]
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        assert app.focused is app.screen.query_one("#no")
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is screen and app.session is not None

        screen.query_one("#delete").press()  # type: ignore[attr-defined]
        await pilot.pause()
        app.screen.query_one("#yes").press()  # type: ignore[attr-defined]
        await settle(app, pilot)
        assert isinstance(app.screen, StartScreen)
        assert app.session is None
    with pytest.raises(Exception):  # noqa: B017 - any refusal: the login is gone
        _other_client(live_server, username, PASSPHRASE)
