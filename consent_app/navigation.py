"""Where the app can go, by name: the roles as modes, every screen by name.

A screen opens another through the app (``self.consent_app.open_screen(ScreenName.history)``),
never by importing it, so screens do not depend on each other and none is loaded before it
is first shown (the start screen must draw fast). This module holds the one table of names
and :class:`ModeNavigation`, the part of the app that uses it.

Modes are Textual's separate screen stacks. There is one per role (victim, representative,
staff) and one each for nobody logged in (``start``), asking the server who logged in
(``opening``) and the lock (``locked``). Only one mode ever holds screens:
``enter`` starts the new mode's stack from its first screen and throws away every
other mode's stack, so after a lock, a log-out or a change of role no screen (and nothing it
showed) survives anywhere in the app.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from functools import partial
from importlib import import_module
from typing import Any, ClassVar

from textual.app import App
from textual.screen import Screen


class Mode(StrEnum):
    start = "start"
    """Nobody logged in: the start, log in, register."""
    opening = "opening"
    """Logged in; asking the server whose home to open."""
    victim = "victim"
    representative = "representative"
    staff = "staff"
    locked = "locked"
    """Asks for the passphrase; every screen with personal data is gone."""


BLANK_MODE = "blank"
"""An empty screen, shown for no time while a mode is started afresh in its own place."""


class ScreenName(StrEnum):
    start = "start"
    login = "login"
    register = "register"
    lock = "lock"
    opening = "opening"
    victim_home = "victim-home"
    representative_home = "representative-home"
    staff_home = "staff-home"
    help = "help"
    confirm = "confirm"
    unreadable_outbox = "unreadable-outbox"
    conflict = "conflict"
    wizard = "wizard"
    receipt = "receipt"
    export = "export"
    history = "history"
    representatives = "representatives"
    invitation = "invitation"
    one_time_code = "one-time-code"
    access_log = "access-log"
    inbox = "inbox"
    notice = "notice"
    stop_topic = "stop-topic"
    account = "account"
    accept_invitation = "accept-invitation"
    represented_record = "represented-record"
    staff_record = "staff-record"
    staff_delegations = "staff-delegations"
    create_record = "create-record"
    reconsent = "reconsent"
    assisted_start = "assisted-start"
    assisted_wizard = "assisted-wizard"


SCREENS: dict[ScreenName, str] = {
    ScreenName.start: "consent_app.screens.start:StartScreen",
    ScreenName.login: "consent_app.screens.login:LoginScreen",
    ScreenName.register: "consent_app.screens.register:RegisterScreen",
    ScreenName.lock: "consent_app.screens.lock:LockScreen",
    ScreenName.opening: "consent_app.screens.role_home:RoleHomeScreen",
    ScreenName.victim_home: "consent_app.screens.home:HomeScreen",
    ScreenName.representative_home: "consent_app.screens.subject_picker:SubjectPickerScreen",
    ScreenName.staff_home: "consent_app.screens.staff.home:StaffHomeScreen",
    ScreenName.help: "consent_app.screens.help:HelpScreen",
    ScreenName.confirm: "consent_app.screens.confirm:ConfirmModal",
    ScreenName.unreadable_outbox: "consent_app.screens.unreadable_outbox:UnreadableOutboxScreen",
    ScreenName.conflict: "consent_app.screens.conflict:ConflictScreen",
    ScreenName.wizard: "consent_app.screens.wizard.screen:WizardScreen",
    ScreenName.receipt: "consent_app.screens.receipt:ReceiptScreen",
    ScreenName.export: "consent_app.screens.export:ExportScreen",
    ScreenName.history: "consent_app.screens.history:HistoryScreen",
    ScreenName.representatives: "consent_app.screens.representatives:RepresentativesScreen",
    ScreenName.invitation: "consent_app.screens.invitation:InvitationScreen",
    ScreenName.one_time_code: "consent_app.screens.one_time_code:OneTimeCodeScreen",
    ScreenName.access_log: "consent_app.screens.access_log:AccessLogScreen",
    ScreenName.inbox: "consent_app.screens.inbox:InboxScreen",
    ScreenName.notice: "consent_app.screens.notice:NoticeScreen",
    ScreenName.stop_topic: "consent_app.screens.stop_topic:StopTopicWizard",
    ScreenName.account: "consent_app.screens.account:AccountScreen",
    ScreenName.accept_invitation: "consent_app.screens.accept_invitation:AcceptInvitationScreen",
    ScreenName.represented_record: "consent_app.screens.represented:RepresentedRecordScreen",
    ScreenName.staff_record: "consent_app.screens.staff.record:StaffRecordScreen",
    ScreenName.staff_delegations: "consent_app.screens.staff.delegations:StaffDelegationsScreen",
    ScreenName.create_record: "consent_app.screens.staff.create_record:CreateRecordScreen",
    ScreenName.reconsent: "consent_app.screens.staff.reconsent:ReconsentScreen",
    ScreenName.assisted_start: "consent_app.screens.staff.assisted:AssistedStartScreen",
    ScreenName.assisted_wizard: "consent_app.screens.staff.assisted:AssistedWizardScreen",
}
"""Each screen's class as ``module:Class``; the module is imported when first needed."""

MODE_SCREENS: dict[Mode, ScreenName] = {
    Mode.start: ScreenName.start,
    Mode.opening: ScreenName.opening,
    Mode.victim: ScreenName.victim_home,
    Mode.representative: ScreenName.representative_home,
    Mode.staff: ScreenName.staff_home,
    Mode.locked: ScreenName.lock,
}
"""The first screen of each mode; it takes no arguments (Textual builds it)."""


def screen_class(name: ScreenName) -> type[Screen[Any]]:
    """The class of the screen called ``name`` (its module is imported on first use)."""
    module, _, attribute = SCREENS[name].partition(":")
    found = getattr(import_module(module), attribute)
    if not (isinstance(found, type) and issubclass(found, Screen)):
        raise TypeError(f"{SCREENS[name]} is not a screen")
    return found


def build(name: ScreenName, *args: Any, **kwargs: Any) -> Screen[Any]:
    """A new instance of the screen called ``name``."""
    return screen_class(name)(*args, **kwargs)


def first_screen(mode: Mode) -> Screen[Any]:
    """A new instance of ``mode``'s first screen."""
    return build(MODE_SCREENS[mode])


class ModeNavigation(App[None]):
    """The app's side of navigation: its modes, and opening screens by name."""

    # One mode per role, and for the start, the lock and the moment in between; only the
    # current one ever holds screens (see enter()).
    MODES: ClassVar[dict[str, str | Callable[[], Screen[Any]]]] = {
        **{mode: partial(first_screen, mode) for mode in Mode},
        BLANK_MODE: Screen,
    }
    DEFAULT_MODE: ClassVar[str] = Mode.start

    def open_screen(
        self,
        name: ScreenName,
        *args: Any,
        callback: Callable[[Any], None] | None = None,
        **kwargs: Any,
    ) -> None:
        """Open the screen called ``name`` on top of this one; ``callback`` gets what a
        dialog answers."""
        self.push_screen(build(name, *args, **kwargs), callback)

    def replace_screen(self, name: ScreenName, *args: Any, **kwargs: Any) -> None:
        """Show the screen called ``name`` instead of this one (Back then skips this one)."""
        self.switch_screen(build(name, *args, **kwargs))

    def enter(self, mode: Mode) -> None:
        """Show ``mode``'s first screen alone and drop every other screen of every mode.

        The one way between roles, the lock and the start: no screen, and nothing it
        showed or holds, survives a change of mode (Textual keeps a mode's stack until the
        mode is removed, so each one left is removed and declared again, empty).
        """
        if mode == self.current_mode:  # Textual cannot remove the mode on show
            self.switch_mode(BLANK_MODE)
            self._forget_mode(mode)
        self.switch_mode(mode)
        for other in self.MODES:
            if other != mode:
                self._forget_mode(other)

    def _forget_mode(self, mode: str) -> None:
        """Drop ``mode``'s screens; it starts afresh from its first screen next time."""
        self.remove_mode(mode)
        self.add_mode(mode, self.MODES[mode])
