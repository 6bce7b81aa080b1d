"""Every screen can be left: with Esc, and with its own "Back" (or "Close", "Cancel") button
pressed from the keyboard. Screens at the bottom (start, homes, lock) stay where they are.

The table below must name every screen class in ``consent_app.screens``: a new screen fails
``test_every_screen_is_in_the_table`` until it is added here, so it is tested too.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from textual.screen import Screen
from textual.widgets import Button

import consent_app.screens
from api_client.models import (
    Account,
    Actor,
    ChangeMethod,
    ConsentReceipt,
    Inform,
    Me,
    Permission,
    PreferenceChoices,
    Preferences,
    Recipients,
    Role,
    Subject,
    SubjectAccess,
)
from consent_app.app import SessionState
from consent_app.i18n import Msg
from consent_app.navigation import Mode
from consent_app.outbox import EntryState
from consent_app.receipts import ReceiptView
from consent_app.screens.accept_invitation import AcceptInvitationScreen
from consent_app.screens.access_log import AccessLogScreen
from consent_app.screens.account import AccountScreen
from consent_app.screens.confirm import ConfirmModal
from consent_app.screens.conflict import ConflictScreen
from consent_app.screens.export import ExportScreen
from consent_app.screens.help import HelpScreen
from consent_app.screens.history import HistoryScreen
from consent_app.screens.home import HomeScreen
from consent_app.screens.inbox import InboxScreen
from consent_app.screens.invitation import InvitationScreen
from consent_app.screens.lock import LockScreen
from consent_app.screens.login import LoginScreen
from consent_app.screens.notice import NoticeScreen
from consent_app.screens.one_time_code import OneTimeCodeScreen
from consent_app.screens.receipt import ReceiptScreen
from consent_app.screens.register import RegisterScreen
from consent_app.screens.representatives import RepresentativesScreen
from consent_app.screens.represented import RepresentedRecordScreen
from consent_app.screens.role_home import RoleHomeScreen
from consent_app.screens.staff.assisted import AssistedStartScreen, AssistedWizardScreen
from consent_app.screens.staff.create_record import CreateRecordScreen
from consent_app.screens.staff.delegations import StaffDelegationsScreen
from consent_app.screens.staff.home import StaffHomeScreen
from consent_app.screens.staff.reconsent import ReconsentScreen
from consent_app.screens.staff.record import StaffRecordScreen
from consent_app.screens.start import StartScreen
from consent_app.screens.stop_topic import StopTopicWizard
from consent_app.screens.subject_picker import SubjectPickerScreen
from consent_app.screens.unreadable_outbox import UnreadableOutboxScreen
from consent_app.screens.wizard import WizardScreen, WizardStart
from consent_common.notices import Notice
from tests.support.pilot import SIZE, MakeApp, screen_text

pytestmark = pytest.mark.anyio

SUBJECT_ID = uuid.UUID("00000000-0000-4000-8000-000000000001")
ACCOUNT_ID = uuid.UUID("00000000-0000-4000-8000-000000000002")
WHEN = dt.datetime(2026, 3, 3, 13, 5, tzinfo=dt.UTC)
SUBJECT = Subject(
    id=SUBJECT_ID,
    reference="CASE-1",
    date_of_birth=None,
    language="nl",
    has_account=False,
    needs_reconsent=False,
)
ACCESS = SubjectAccess(
    subject_id=SUBJECT_ID,
    relation="delegate",
    permissions=[Permission.view, Permission.edit],
    label="CASE-1",
)
ME = Me(
    account=Account(id=ACCOUNT_ID, username="rep.one", role=Role.representative, created_at=WHEN),
    subjects=[ACCESS],
)
CHOICES = PreferenceChoices(inform=Inform.no)
RECEIPT = ConsentReceipt(
    receipt_id=uuid.UUID("00000000-0000-4000-8000-000000000003"),
    version=1,
    subject_id=SUBJECT_ID,
    consent_timestamp=WHEN,
    collection_method=ChangeMethod.self_service,
    actor=Actor(account_id=ACCOUNT_ID, role=None, relation="self"),
    language="en",
    notice_version="1",
    purposes={"new_findings": False},
    decision=Inform.no,
    recipients=Recipients.me,
    channels=[],
    paused_until=None,
    controller="test",
)


def _notice() -> Notice:
    return Notice(
        id=uuid.UUID("00000000-0000-4000-8000-000000000003"),
        subject_id=SUBJECT_ID,
        kind="reassurance",
        relation="self",
        created_at=dt.datetime(2026, 3, 3, 14, 5, tzinfo=dt.UTC),
        read_at=dt.datetime(2026, 3, 3, 14, 6, tzinfo=dt.UTC),
        items=[],
        responses=[],
    )


def _start() -> WizardStart:
    document = Preferences(
        subject_id=SUBJECT_ID, version=0, updated_at=None, updated_by=None, **CHOICES.model_dump()
    )
    return WizardStart(SUBJECT_ID, ACCOUNT_ID, document)


@dataclass(frozen=True)
class Leave:
    """How to make a screen, and the id of the button that leaves it."""

    make: Callable[[], Screen[Any]]
    button: str


LEAVABLE: dict[type[Screen[Any]], Leave] = {
    LoginScreen: Leave(LoginScreen, "back"),
    RegisterScreen: Leave(RegisterScreen, "back"),
    AcceptInvitationScreen: Leave(AcceptInvitationScreen, "back"),
    AccessLogScreen: Leave(lambda: AccessLogScreen(SUBJECT_ID), "back"),
    AccountScreen: Leave(AccountScreen, "back"),
    ConfirmModal: Leave(lambda: ConfirmModal(Msg("Sure?"), Msg("Yes"), Msg("No")), "no"),
    ConflictScreen: Leave(lambda: ConflictScreen(CHOICES, CHOICES), "later"),
    ExportScreen: Leave(lambda: ExportScreen(RECEIPT, CHOICES), "close"),
    HelpScreen: Leave(lambda: HelpScreen(None), "close"),
    HistoryScreen: Leave(HistoryScreen, "back"),
    InvitationScreen: Leave(lambda: InvitationScreen(SUBJECT_ID), "back"),
    OneTimeCodeScreen: Leave(
        lambda: OneTimeCodeScreen(
            "7KQ2-M9XD-4HPA-R3TB", WHEN, heading=Msg("Code"), note=Msg("Note")
        ),
        "close",
    ),
    ReceiptScreen: Leave(
        lambda: ReceiptScreen(ReceiptView(CHOICES, RECEIPT, EntryState.sent, True)), "done"
    ),
    RepresentativesScreen: Leave(RepresentativesScreen, "back"),
    RepresentedRecordScreen: Leave(lambda: RepresentedRecordScreen(ACCESS, ACCOUNT_ID), "back"),
    AssistedStartScreen: Leave(lambda: AssistedStartScreen(SUBJECT), "back"),
    AssistedWizardScreen: Leave(lambda: AssistedWizardScreen(_start(), "letter"), "back"),
    CreateRecordScreen: Leave(CreateRecordScreen, "back"),
    StaffDelegationsScreen: Leave(lambda: StaffDelegationsScreen(SUBJECT), "back"),
    ReconsentScreen: Leave(ReconsentScreen, "back"),
    StaffRecordScreen: Leave(lambda: StaffRecordScreen(SUBJECT), "back"),
    WizardScreen: Leave(lambda: WizardScreen(_start()), "back"),
    UnreadableOutboxScreen: Leave(lambda: UnreadableOutboxScreen([], True), "later"),
    InboxScreen: Leave(InboxScreen, "back"),
    NoticeScreen: Leave(lambda: NoticeScreen(_notice()), "back"),
    StopTopicWizard: Leave(lambda: StopTopicWizard({"removal"}, on_sent=print), "back"),
}

# At the bottom of the stack: nothing to go back to. Esc must not throw the person out.
BOTTOM: dict[type[Screen[Any]], Callable[[], Screen[Any]]] = {
    StartScreen: StartScreen,
    HomeScreen: HomeScreen,
    StaffHomeScreen: StaffHomeScreen,
    SubjectPickerScreen: lambda: SubjectPickerScreen(ME),
    LockScreen: LockScreen,
    RoleHomeScreen: RoleHomeScreen,
}
FIRST_OF_MODE: dict[type[Screen[Any]], Mode] = {
    StartScreen: Mode.start,
    HomeScreen: Mode.victim,
    StaffHomeScreen: Mode.staff,
    SubjectPickerScreen: Mode.representative,
    LockScreen: Mode.locked,
    RoleHomeScreen: Mode.opening,
}


def _screen_classes() -> set[type[Screen[Any]]]:
    found: set[type[Screen[Any]]] = set()
    package = consent_app.screens
    for module_info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        module = importlib.import_module(module_info.name)
        for _, value in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(value, Screen)
                and value.__module__ == module.__name__
                and not inspect.isabstract(value)
                and "compose" in dir(value)
            ):
                found.add(value)
    return found


def test_every_screen_is_in_the_table() -> None:
    from consent_app.screens.base import AppModal, AppScreen, Dialog
    from consent_app.screens.loaded_list import LoadedListScreen
    from consent_app.screens.paged_screen import PagedListScreen
    from consent_app.screens.record_pages import RecordPagesScreen
    from consent_app.screens.sign_in import SignInScreen
    from consent_app.screens.staff.one_record import OneRecordScreen

    bases = {
        AppScreen,
        AppModal,
        Dialog,
        LoadedListScreen,
        OneRecordScreen,
        PagedListScreen,
        RecordPagesScreen,
        SignInScreen,
    }
    missing = _screen_classes() - set(LEAVABLE) - set(BOTTOM) - bases
    assert not missing, f"add these screens to the tables above: {sorted(map(str, missing))}"
    assert set(FIRST_OF_MODE) == set(BOTTOM) and set(FIRST_OF_MODE.values()) == set(Mode)


@pytest.mark.parametrize("kind", list(LEAVABLE), ids=lambda kind: kind.__name__)
async def test_escape_and_the_back_button_leave_the_screen(
    make_offline_app: MakeApp, kind: type[Screen[Any]]
) -> None:
    leave = LEAVABLE[kind]
    app = make_offline_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        below = app.screen
        assert isinstance(below, StartScreen)

        app.push_screen(leave.make())
        await pilot.pause()
        assert isinstance(app.screen, kind)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is below, f"Esc did not leave {kind.__name__}"

        for key in ("enter", "space"):
            app.push_screen(leave.make())
            await pilot.pause()
            app.screen.query_one(f"#{leave.button}", Button).focus()
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is below, f"{key} on #{leave.button} did not leave {kind.__name__}"


@pytest.mark.parametrize("kind", list(BOTTOM), ids=lambda kind: kind.__name__)
async def test_escape_on_a_bottom_screen_keeps_it(
    make_offline_app: MakeApp, kind: type[Screen[Any]]
) -> None:
    app = make_offline_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.session = SessionState("someone")  # the homes and the lock belong to a session
        app.enter(FIRST_OF_MODE[kind])
        await pilot.pause()
        screen = app.screen  # the loading screen may already have opened the home
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen or isinstance(app.screen, HomeScreen | StaffHomeScreen)


ALL_SCREENS = {**{kind: leave.make for kind, leave in LEAVABLE.items()}, **BOTTOM}


@pytest.mark.parametrize(
    "kind", [kind for kind in ALL_SCREENS if kind is not HelpScreen], ids=lambda k: k.__name__
)
@pytest.mark.parametrize("language", ["en", "nl"])
async def test_help_on_every_screen_names_where_to_get_help_now(
    make_offline_app: MakeApp, kind: type[Screen[Any]], language: str
) -> None:
    app = make_offline_app(language=language)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(ALL_SCREENS[kind]())
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = " ".join(screen_text(app).split())
        assert "Slachtofferhulp Nederland" in text and "0900-0101" in text
        assert "slachtofferhulp.nl" in text
