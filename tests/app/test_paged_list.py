"""The paged list (history, access log, inbox) on its own, against the real server on
loopback: the first page on opening, "more" for the next ones, the empty text, failures told
in the message field with what was loaded kept, Enter on an item, a language switch."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator, Callable

import pytest
from textual.app import ComposeResult
from textual.pilot import Pilot
from textual.widgets import OptionList

from api_client import ConsentClient
from api_client.models import AccessLogEntry, Page
from consent_app import access_words as people_words
from consent_app.app import ConsentApp
from consent_app.i18n import Msg
from consent_app.messages import UNREACHABLE
from consent_app.screens.base import AppScreen
from consent_app.widgets.field_message import FieldMessage
from consent_app.widgets.paged_list import ListTexts, PagedList
from tests.support.pilot import SIZE, settle
from tests.support.roles import LiveVictim, People, flat, log_in, make_app, press

pytestmark = pytest.mark.anyio

TEXTS = ListTexts(
    loading=Msg("Loading…"),
    empty=Msg("Nothing has been written down yet."),
    shown=Msg("Newest first. Your own visit to this list is written down too."),
    more=Msg("Show older entries"),
)
PAGE = 2

Fetch = Callable[[str | None], Page[AccessLogEntry]]


class ListHost(AppScreen):
    """A screen holding only the list (and the message field every screen has)."""

    def __init__(self, fetch: Fetch, *, choosable: bool) -> None:
        super().__init__()
        self.fetch = fetch
        self.choosable = choosable
        self.chosen: list[AccessLogEntry] = []

    def compose_body(self) -> ComposeResult:
        yield PagedList(
            self.fetch,
            people_words.access_line,
            TEXTS,
            list_id="entries",
            choosable=self.choosable,
        )
        yield FieldMessage(id="message", classes="-general")

    @property
    def pages(self) -> PagedList[AccessLogEntry]:
        return self.query_one(PagedList)

    def on_paged_list_chosen(self, event: PagedList.Chosen[AccessLogEntry]) -> None:
        self.chosen.append(event.item)


def looked_at(people: People, victim: LiveVictim, times: int) -> None:
    """The victim reads the choices ``times`` times: each read is one access-log entry."""
    assert victim.subject_id is not None
    with people.client(victim.username) as own:
        for _time in range(times):
            own.get_preferences(victim.subject_id)


def access_log(client: ConsentClient, subject_id: uuid.UUID) -> Fetch:
    return lambda cursor: client.access_log(subject_id, cursor=cursor, limit=PAGE)


async def show(app: ConsentApp, pilot: Pilot[None], fetch: Fetch, *, choosable: bool) -> ListHost:
    """Open a screen with the list over the current one; return it once its page is shown."""
    host = ListHost(fetch, choosable=choosable)
    await app.push_screen(host)
    await settle(app, pilot)
    return host


@contextlib.asynccontextmanager
async def logged_in(
    client: ConsentClient, people: People, *, visits: int
) -> AsyncIterator[tuple[ConsentApp, Pilot[None], Fetch]]:
    """An app logged in as a new victim who looked at the choices ``visits`` times, and how
    to fetch that victim's access log."""
    victim = people.victim()
    assert victim.subject_id is not None
    looked_at(people, victim, visits)
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(app, pilot, victim.username)
        yield app, pilot, access_log(client, victim.subject_id)


def message(app: ConsentApp) -> str:
    return str(app.screen.query_one("#message", FieldMessage).render())


async def test_pages_load_one_after_another_until_there_are_no_more(
    app_client: ConsentClient, people: People
) -> None:
    victim = people.victim()
    assert victim.subject_id is not None
    looked_at(people, victim, 3)
    with people.client(victim.username) as own:
        everything = own.access_log(victim.subject_id, limit=50).items
    app = make_app(app_client)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(app, pilot, victim.username)
        host = await show(app, pilot, access_log(app_client, victim.subject_id), choosable=False)
        # Reading the log is written down in it too: entries newer than ``everything`` come first.
        assert len(host.pages.items) == PAGE
        older = [e for e in host.pages.items if e in everything]
        assert older == everything[: len(older)]
        assert "Newest first." in flat(app)
        assert host.query_one("#more").display
        assert app.focused is host.query_one("#more")
        for _page in range(len(everything)):
            if not host.query_one("#more").display:
                break
            await press(pilot, "#more")
            await settle(app, pilot)
        # The log grows as it is read: every entry that was there is shown, once, in order.
        shown = host.pages.items
        assert [e for e in shown if e in everything] == everything
        assert not host.query_one("#more").display
        lines = flat(app)
        assert lines.count("• ") == len(shown)
        assert "you looked at the choices" in lines


async def test_an_empty_list_says_so_and_offers_no_more(
    app_client: ConsentClient, people: People
) -> None:
    victim = people.victim()
    app = make_app(app_client)

    def nothing(cursor: str | None) -> Page[AccessLogEntry]:
        return Page[AccessLogEntry](items=[])

    async with app.run_test(size=SIZE) as pilot:
        await log_in(app, pilot, victim.username)
        host = await show(app, pilot, nothing, choosable=True)
        assert "Nothing has been written down yet." in flat(app)
        assert not host.query_one("#entries").display
        assert not host.query_one("#more").display


async def test_a_failed_first_page_is_told_without_claiming_the_list_is_empty(
    offline_client: ConsentClient,
) -> None:
    app = make_app(offline_client)
    async with app.run_test(size=SIZE) as pilot:
        host = await show(app, pilot, access_log(offline_client, uuid.uuid4()), choosable=False)
        assert message(app) == str(UNREACHABLE)
        text = flat(app)
        assert "Nothing has been written down yet." not in text
        assert "Loading…" not in text
        assert host.pages.loaded and host.pages.failed


async def test_a_failed_next_page_keeps_what_was_shown(
    app_client: ConsentClient, people: People
) -> None:
    async with logged_in(app_client, people, visits=3) as (app, pilot, fetch):
        host = await show(app, pilot, fetch, choosable=False)
        first = list(host.pages.items)
        assert len(first) == PAGE
        app_client.logout()  # the server no longer answers this session
        await press(pilot, "#more")
        await settle(app, pilot)
        assert message(app)  # a calm message, whatever its words
        assert host.pages.items == first
        assert host.query_one("#more").display  # can be tried again
        assert "Newest first." in flat(app)


async def test_enter_on_an_item_chooses_it(app_client: ConsentClient, people: People) -> None:
    async with logged_in(app_client, people, visits=2) as (app, pilot, fetch):
        host = await show(app, pilot, fetch, choosable=True)
        options = host.query_one("#entries", OptionList)
        assert app.focused is options
        assert options.option_count == PAGE
        await pilot.press("down", "enter")
        await pilot.pause()
        assert host.chosen == [host.pages.items[1]]


async def test_a_language_switch_rebuilds_the_lines(
    app_client: ConsentClient, people: People
) -> None:
    async with logged_in(app_client, people, visits=1) as (app, pilot, fetch):
        for choosable in (False, True):
            host = await show(app, pilot, fetch, choosable=choosable)
            assert "you looked at the choices" in flat(app)
            await pilot.press("f2")
            await settle(app, pilot)
            text = flat(app)
            assert "you looked at the choices" not in text
            assert "Nieuwste eerst." in text
            await pilot.press("f2")
            await settle(app, pilot)
            host.dismiss()
            await settle(app, pilot)
