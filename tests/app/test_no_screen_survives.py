"""After a log-out, the lock, a change of account or leaving, no screen that showed a
person's record is kept anywhere in the app: not on any mode's stack, not installed by
name, not still running behind the new screen.

The app navigates by mode (one per role, the start, the lock); Textual keeps a mode's
screens until the mode is removed, so these tests fail if a mode is left behind instead.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.screen import Screen

from api_client import ConsentClient
from api_client.models import (
    Channel,
    ChannelKind,
    Inform,
    PreferenceWrite,
    Recipients,
    Role,
)
from consent_app.app import ConsentApp
from consent_app.navigation import Mode
from consent_app.outbox import Outbox
from consent_app.screens.base import AppScreen
from consent_app.screens.history import HistoryScreen
from consent_app.screens.home import HomeScreen
from consent_app.settings import AppSettings
from consent_app.widgets.paged_list import PagedList
from tests.support.pilot import SIZE, FakeClock, idle_for, settle
from tests.support.roles import People, log_in, make_app, press
from tests.support.screens_kept import kept_screens
from tests.support.topics import ALL_TOPICS

pytestmark = pytest.mark.anyio

ADDRESS = "r.de.vries@example.nl"
"""A detail of the record that only its screens hold."""


def _record_victim(people: People) -> tuple[str, uuid.UUID]:
    victim = people.victim()
    assert victim.subject_id is not None
    own = people.client(victim.username)
    own.put_preferences(
        victim.subject_id,
        PreferenceWrite(
            inform=Inform.yes,
            topics=ALL_TOPICS,
            recipients=Recipients.both,
            channels=[Channel(kind=ChannelKind.email, address=ADDRESS)],
        ),
        if_match=0,
    )
    own.close()
    return victim.username, victim.subject_id


def _shows_the_record(screen: Screen[Any], subject_id: uuid.UUID) -> bool:
    """Whether ``screen`` keeps the record: its id or a detail of it in its attributes."""
    holders = [screen, *screen.walk_children(with_self=False)]
    held = " ".join(repr(value) for holder in holders for value in vars(holder).values())
    return str(subject_id) in held or ADDRESS in held


async def _open_home_and_history(app: ConsentApp, pilot: Pilot[None], username: str) -> None:
    await log_in(app, pilot, username)
    assert isinstance(app.screen, HomeScreen)
    await press(pilot, "#history")
    await settle(app, pilot)
    assert isinstance(app.screen, HistoryScreen)
    assert app.screen.query_one(PagedList).items  # the record's history is on screen


@pytest.mark.parametrize("ending", ["log-out", "auto-lock", "other-account"])
async def test_no_screen_keeps_the_record_after_the_session_ends(
    people: People, app_client: ConsentClient, ending: str
) -> None:
    username, subject_id = _record_victim(people)
    staff = people.account(Role.staff, "staff")
    clock = FakeClock()
    box = Outbox.in_memory()
    app = ConsentApp(
        AppSettings(language="en"), app_client, outbox_factory=lambda: box, clock=clock
    )
    async with app.run_test(size=SIZE) as pilot:
        await _open_home_and_history(app, pilot, username)
        assert any(_shows_the_record(s, subject_id) for s in kept_screens(app))

        if ending == "log-out":
            app.log_out()
            await settle(app, pilot)
            assert app.current_mode == Mode.start
        elif ending == "auto-lock":
            await idle_for(app, pilot, clock, app.settings.auto_lock_seconds)
            await settle(app, pilot)
            assert app.current_mode == Mode.locked
        else:
            app.log_out()
            await settle(app, pilot)
            await log_in(app, pilot, staff)
            assert app.current_mode == Mode.staff

        kept = kept_screens(app)
        assert kept == app.screen_stack  # only what is on screen now
        assert not [s for s in kept if _shows_the_record(s, subject_id)]
        if ending != "other-account":
            assert not [s for s in kept if isinstance(s, AppScreen) and s.HOLDS_PERSONAL_DATA]


async def test_leaving_instantly_keeps_no_screen(people: People, app_client: ConsentClient) -> None:
    username, _subject_id = _record_victim(people)
    app = make_app(app_client)
    async with app.run_test(size=SIZE) as pilot:
        await _open_home_and_history(app, pilot, username)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.left_instantly
    assert app.session is None
    assert kept_screens(app) == []
