"""Every screen fits on 80×24 in Dutch and English: no label, button, option or placeholder is
cut, and every focusable widget can be seen once scrolled to (tests/support/layout.py).

Each role walks its screens filled with realistic data from the live server; the problems of
all screens are gathered and reported together.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import uuid
from collections.abc import AsyncIterator

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from api_client import ConsentClient
from api_client.models import (
    Channel,
    ChannelKind,
    DelegationKind,
    Inform,
    Permission,
    PreferenceChoices,
    PreferenceWrite,
    Recipients,
    Role,
    SafeContact,
    Weekday,
)
from consent_app.app import ConsentApp
from consent_app.i18n import Language
from consent_app.screens.confirm import ConfirmModal
from consent_app.screens.conflict import ConflictScreen
from consent_app.screens.help import HelpScreen
from consent_app.screens.lock import LockScreen
from consent_app.screens.wizard import WizardScreen
from tests.support.layout import layout_problems
from tests.support.pilot import SIZE, settle
from tests.support.roles import LiveVictim, People, log_in, make_app, press
from tests.support.topics import ALL_TOPICS

pytestmark = pytest.mark.anyio
LANGUAGES: list[Language] = ["nl", "en"]

CHOICES = PreferenceChoices(
    inform=Inform.yes,
    topics=ALL_TOPICS,
    recipients=Recipients.both,
    channels=[
        Channel(kind=ChannelKind.app),
        Channel(kind=ChannelKind.email, address="m.jansen@example.nl"),
        Channel(kind=ChannelKind.phone, address="+31612345678"),
        Channel(kind=ChannelKind.post, address="Postbus 1234, 1000 AB Amsterdam"),
        Channel(kind=ChannelKind.in_person),
    ],
    safe_contact=SafeContact(
        days=[Weekday.mon, Weekday.wed, Weekday.sun],
        hours="9:00-12:00",
        no_voicemail=True,
        no_post_to_home=True,
    ),
    paused_until=dt.date.today() + dt.timedelta(days=90),
)


class Walk:
    """Checks each screen it is shown and keeps what it found, per screen."""

    def __init__(self, app: ConsentApp, pilot: Pilot[None]) -> None:
        self.app = app
        self.pilot = pilot
        self.found: dict[str, list[str]] = {}

    async def check(self, name: str) -> None:
        await settle(self.app, self.pilot)
        problems = await layout_problems(self.app, self.pilot)
        if problems:
            self.found[f"{name} ({type(self.app.screen).__name__})"] = problems

    async def open(self, selector: str) -> None:
        await press(self.pilot, selector)
        await settle(self.app, self.pilot)

    async def back(self) -> None:
        await self.pilot.press("escape")
        await settle(self.app, self.pilot)

    def report(self) -> str:
        return "\n".join(
            f"{screen}:\n  " + "\n  ".join(problems) for screen, problems in self.found.items()
        )


@contextlib.asynccontextmanager
async def walking(
    client: ConsentClient, language: Language, username: str | None = None
) -> AsyncIterator[tuple[Walk, ConsentApp, Pilot[None]]]:
    """An app in ``language`` (logged in as ``username``, if given) and a walk through its
    screens; at the end, every problem the walk found is reported together."""
    app = make_app(client, language)
    async with app.run_test(size=SIZE) as pilot:
        walk = Walk(app, pilot)
        if username is not None:
            await log_in(app, pilot, username)
        yield walk, app, pilot
        assert not walk.found, walk.report()


def victim_with_choices(
    people: People, kind: DelegationKind, permissions: list[Permission]
) -> tuple[LiveVictim, str]:
    """A victim who answered every question (``CHOICES``) and gave a representative a
    mandate; and that representative's username."""
    victim = people.victim()
    assert victim.subject_id is not None
    with people.client(victim.username) as own:
        own.put_preferences(victim.subject_id, PreferenceWrite(**CHOICES.model_dump()), if_match=0)
    return victim, people.mandate(victim, permissions, kind=kind, prefix="lawyer")


@pytest.mark.parametrize("language", LANGUAGES)
async def test_every_screen_before_login_fits(
    app_client: ConsentClient, language: Language
) -> None:
    async with walking(app_client, language) as (walk, app, _pilot):
        await walk.check("start")
        app.push_screen(HelpScreen(None))
        await walk.check("help")
        await walk.back()
        app.show_login()
        await walk.check("login")
        await walk.back()
        app.show_register()
        await walk.check("register")


@pytest.mark.parametrize("language", LANGUAGES)
async def test_every_victim_screen_fits(
    people: People, app_client: ConsentClient, language: Language
) -> None:
    victim, _lawyer = victim_with_choices(
        people, DelegationKind.lawyer, [Permission.view, Permission.edit]
    )
    async with walking(app_client, language, victim.username) as (walk, app, pilot):
        await walk.check("home")

        await walk.open("#change")
        assert isinstance(app.screen, WizardScreen)
        for step in range(8):  # every question, then the review
            await walk.check(f"wizard step {step + 1}")
            await pilot.press("ctrl+n")
        for _ in range(10):  # Esc goes back through the questions, then leaves
            if not isinstance(app.screen, WizardScreen | ConfirmModal):
                break
            if isinstance(app.screen, ConfirmModal):
                # Leaving answered questions asks first; the question must fit too.
                await walk.check("leave the questions?")
                await pilot.click("#yes")
                await settle(app, pilot)
            else:
                await walk.back()
        assert not isinstance(app.screen, WizardScreen | ConfirmModal)

        await walk.open("#history")
        await walk.check("history")
        await pilot.press("enter")
        await settle(app, pilot)
        await walk.check("receipt")
        if app.screen.query("#export"):
            await walk.open("#export")
            await walk.check("export")
            await walk.back()
        await walk.back()
        await walk.back()

        await walk.open("#representatives")
        await walk.check("representatives")
        await walk.open("#revoke")
        await walk.check("end a permission?")
        await walk.back()
        await walk.open("#invite")
        await walk.check("invitation")
        await walk.back()
        await walk.back()

        await walk.open("#access-log")
        await walk.check("access log")
        await walk.back()

        await walk.open("#account")
        await walk.check("account")
        await walk.back()

        theirs = CHOICES.model_copy(update={"inform": Inform.no, "channels": []})
        app.push_screen(ConflictScreen(CHOICES, theirs, base=CHOICES))
        await walk.check("someone else changed the choices first")
        app.pop_screen()

        app.lock()
        await settle(app, pilot)
        assert isinstance(app.screen, LockScreen)
        await walk.check("lock")


@pytest.mark.parametrize("language", LANGUAGES)
async def test_every_representative_screen_fits(
    people: People, app_client: ConsentClient, language: Language
) -> None:
    _victim, representative = victim_with_choices(
        people, DelegationKind.guardian, [Permission.view, Permission.edit]
    )
    async with walking(app_client, language, representative) as (walk, app, pilot):
        await walk.check("choose a record")
        await walk.open("#accept")
        await walk.check("accept an invitation")
        await walk.back()
        await pilot.press("enter")
        await settle(app, pilot)
        await walk.check("represented record")
        await walk.open("#change")
        for step in range(7):
            await walk.check(f"wizard step {step + 1} for someone else")
            await pilot.press("ctrl+n")


@pytest.mark.parametrize("language", LANGUAGES)
async def test_every_staff_screen_fits(
    people: People, app_client: ConsentClient, language: Language
) -> None:
    staff = people.account(Role.staff, "staff")
    victim, _lawyer = victim_with_choices(people, DelegationKind.lawyer, [Permission.view])
    async with walking(app_client, language, staff) as (walk, app, pilot):
        await walk.check("staff home")
        await walk.open("#create")
        await walk.check("new record")
        app.screen.query_one("#reference", Input).value = f"CASE-{uuid.uuid4().hex[:6]}"
        await walk.open("#create")
        await walk.check("activation code")
        await walk.back()

        await walk.open("#reconsent")
        await walk.check("re-consent list")
        await walk.back()

        app.screen.query_one("#record", Input).value = str(victim.subject_id)
        await walk.open("#open")
        await walk.check("record")
        await walk.open("#delegations")
        await walk.check("representatives of a record")
        await walk.back()
        await walk.open("#assisted")
        await walk.check("fill in together")
        app.screen.query_one("#identity", Input).value = "passport seen at the desk"
        await walk.open("#start")
        for step in range(7):
            await walk.check(f"assisted wizard step {step + 1}")
            await pilot.press("ctrl+n")


# --- after a language switch (F2) ------------------------------------------------------------


async def _switch_and_check(walk: Walk, name: str, *, then_back: bool = True) -> None:
    """Press F2 here, check this screen, then go back and check the screen below it (drawn
    in the old language)."""
    await walk.pilot.press("f2")
    await walk.check(f"{name} after F2")
    if then_back:
        below = type(walk.app.screen_stack[-2]).__name__
        walk.app.pop_screen()  # not Esc: that is each screen's own business
        await walk.check(f"{below} under {name} after F2")


@pytest.mark.parametrize("language", LANGUAGES)
async def test_labels_fit_after_switching_language_on_each_main_screen(
    people: People, app_client: ConsentClient, language: Language
) -> None:
    victim = people.victim()
    staff = people.account(Role.staff, "staff")
    async with walking(app_client, language) as (walk, app, pilot):
        await _switch_and_check(walk, "start", then_back=False)
        app.show_login()
        await _switch_and_check(walk, "login")
        app.show_register()
        await _switch_and_check(walk, "register")

        await log_in(app, pilot, victim.username)
        await _switch_and_check(walk, "home", then_back=False)
        for button in ("#history", "#representatives", "#access-log", "#account"):
            await walk.open(button)
            await _switch_and_check(walk, button)
        app.end_session()
        await settle(app, pilot)

        await log_in(app, pilot, staff)
        await _switch_and_check(walk, "staff home", then_back=False)
        await walk.open("#create")
        await _switch_and_check(walk, "new record")
        await walk.open("#reconsent")
        await _switch_and_check(walk, "re-consent list")
