"""The app tells the person when changes confirmed on this computer could not be read
(issue 10, item 2): a dialog at start, a notice on the home screen, until acknowledged."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from textual.widgets import Button

from api_client import ConsentClient
from api_client.models import Inform, PreferenceWrite
from consent_app.app import ConsentApp
from consent_app.outbox import Outbox
from consent_app.screens.home import HomeScreen
from consent_app.screens.unreadable_outbox import UnreadableOutboxNotice, UnreadableOutboxScreen
from consent_app.settings import AppSettings
from consent_app.widgets.translatable import TranslatedText
from tests.outbox import damage
from tests.support.keyrings import MemoryKeyring
from tests.support.pilot import SIZE, settle
from tests.support.roles import People, flat, log_in, press
from tests.support.topics import ALL_TOPICS

HEADLINE = "Changes confirmed on this computer could not be read, so they were not sent."
NEWER = "saved by a newer version of this app"


def _damaged_outbox(tmp_path: Path, kind: str) -> tuple[Path, MemoryKeyring]:
    keyring = MemoryKeyring()
    path = tmp_path / "app-data" / "store.bin"
    outbox = Outbox.open(path, keyring_backend=keyring)
    subject = uuid.uuid4()
    outbox.enqueue(subject, PreferenceWrite(inform=Inform.no), base_version=0)
    outbox.enqueue(subject, PreferenceWrite(inform=Inform.yes, topics=ALL_TOPICS), base_version=0)
    (damage.UNREADABLE | damage.NEWER)[kind](path, keyring)
    return path, keyring


def dialog_text(app: ConsentApp) -> str:
    """The texts of the screen on top, as one line (a dialog's border breaks its lines)."""
    return " ".join(
        " ".join(str(text.render()).split()) for text in app.screen.query(TranslatedText)
    )


def _app(client: ConsentClient, path: Path, keyring: MemoryKeyring) -> ConsentApp:
    return ConsentApp(
        AppSettings(language="en"),
        client,
        outbox_factory=lambda: Outbox.open(path, keyring_backend=keyring),
    )


@pytest.mark.anyio
@pytest.mark.parametrize("kind", sorted(damage.UNREADABLE))
async def test_a_dialog_at_start_says_what_could_not_be_read_and_removes_it_when_asked(
    kind: str, tmp_path: Path, offline_client: ConsentClient
) -> None:
    path, keyring = _damaged_outbox(tmp_path, kind)
    app = _app(offline_client, path, keyring)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, UnreadableOutboxScreen)
        text = dialog_text(app)
        assert HEADLINE in text
        assert "2 changes, confirmed between" in text
        assert list(path.parent.glob("store.bin.unreadable-*"))

        await press(pilot, "#discard")
        await settle(app, pilot)
        assert not isinstance(app.screen, UnreadableOutboxScreen)
        assert not list(path.parent.glob("store.bin.unreadable-*"))


@pytest.mark.anyio
@pytest.mark.parametrize("kind", sorted(damage.UNREADABLE))
async def test_later_keeps_the_copy_and_the_dialog_comes_back_at_the_next_start(
    kind: str, tmp_path: Path, offline_client: ConsentClient
) -> None:
    path, keyring = _damaged_outbox(tmp_path, kind)
    for _run in range(2):
        app = _app(offline_client, path, keyring)
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            assert isinstance(app.screen, UnreadableOutboxScreen)
            assert HEADLINE in dialog_text(app)
            await press(pilot, "#later")
            await settle(app, pilot)
            assert not isinstance(app.screen, UnreadableOutboxScreen)
        assert len(list(path.parent.glob("store.bin.unreadable-*[!y]"))) == 1


@pytest.mark.anyio
@pytest.mark.parametrize("kind", sorted(damage.NEWER))
async def test_an_outbox_of_a_newer_version_is_refused_calmly_and_left_alone(
    kind: str, tmp_path: Path, offline_client: ConsentClient
) -> None:
    path, keyring = _damaged_outbox(tmp_path, kind)
    before = path.read_bytes()
    app = _app(offline_client, path, keyring)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, UnreadableOutboxScreen)
        assert NEWER in dialog_text(app)
        assert not app.screen.query("#discard")
        await press(pilot, "#later")
        await settle(app, pilot)
    assert path.read_bytes() == before
    assert not list(path.parent.glob("store.bin.unreadable-*"))


@pytest.mark.anyio
async def test_the_home_screen_keeps_saying_so_until_the_person_has_checked(
    tmp_path: Path, people: People, app_client: ConsentClient
) -> None:
    path, keyring = _damaged_outbox(tmp_path, "bit-flipped")
    victim = people.victim()
    app = _app(app_client, path, keyring)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(pilot, "#later")
        await log_in(app, pilot, victim.username)
        assert isinstance(app.screen, HomeScreen)
        notice = app.screen.query_one(UnreadableOutboxNotice)
        assert notice.display
        assert HEADLINE in dialog_text(app)

        await press(pilot, "#unreadable-open")
        await settle(app, pilot)
        assert isinstance(app.screen, UnreadableOutboxScreen)
        assert "2 changes, confirmed between" in dialog_text(app)
        app.screen.query_one("#discard", Button).press()
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        assert not notice.display
        assert HEADLINE not in flat(app)  # what is on the terminal: the notice is gone
    assert not list(path.parent.glob("store.bin.unreadable-*"))
