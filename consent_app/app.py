"""The terminal app: its declaration, global keys and the session's life cycle.

Each concern lives in its own module: ``startup`` (settings and client built after the first
screen), ``auto_lock``, ``remember`` (remember me), ``textual_internals`` (crash output) and
the screens under ``screens/``.

Run it through the CLI (``consent-app``) or directly::

    from consent_app.app import ConsentApp
    ConsentApp(AppSettings(), ConsentClient(url)).run()
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Offset

from consent_app import collector, exit_signals, navigation, terminal_title, viewpoint
from consent_app.auto_lock import AutoLock, Clock
from consent_app.deferred import Deferred
from consent_app.display_settings import DisplaySettings
from consent_app.focus_cursor import focus_offset
from consent_app.i18n import Language, Msg, _, other_language, set_language
from consent_app.key_order import KeyOrderedApp
from consent_app.motion import HELD_MESSAGE_SECONDS, MotionSetting
from consent_app.navigation import Mode, ModeNavigation, ScreenName
from consent_app.remember import RememberMe
from consent_app.screens.base import AppScreen, Retranslating
from consent_app.session_store import SessionStore
from consent_app.startup import Startup
from consent_app.textual_internals import (
    LaidOutOnce,
    ParseOnceStylesheet,
    QuietCrashes,
    drop_exit_output,
    exit_requested,
    write_to_terminal,
)
from consent_app.themes import THEMES
from consent_app.widgets.safety_bar import HELP_KEY, LANGUAGE_KEY, LEAVE_KEY
from consent_app.widgets.translatable import TranslatedText

if TYPE_CHECKING:
    from api_client import ConsentClient
    from consent_app.outbox import Outbox
    from consent_app.screens.wizard import HeldAnswers
    from consent_app.settings import AppSettings
    from consent_app.sync_service import SyncService

# Erase the visible screen and the scrollback, cursor home: run after leaving instantly so
# the terminal shows nothing of how the app was started.
CLEAR_TERMINAL = "\x1b[H\x1b[2J\x1b[3J"


@dataclass
class SessionState:
    """Who is logged in, kept in memory only while the app is unlocked."""

    username: str
    remember_me: bool = False


class ConsentApp(
    ModeNavigation,
    MotionSetting,
    QuietCrashes,
    LaidOutOnce,
    KeyOrderedApp[None],
    inherit_bindings=False,
):
    # Neutral on purpose: the title must not tell an onlooker what this app is about.
    TITLE = "Notes"
    _text_cursor = Offset(0, 0)
    _held_messages = False
    SUB_TITLE = ""
    CSS_PATH = Path(__file__).with_name("app.tcss")
    ENABLE_COMMAND_PALETTE = False

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(LEAVE_KEY, "leave", "Leave", show=False, priority=True, id="leave"),
        # People reach for Ctrl+C in a panic; it leaves too (and so never copies anything).
        Binding("ctrl+c", "leave", show=False, priority=True, system=True, id="leave_alt"),
        Binding(LANGUAGE_KEY, "switch_language", show=False, priority=True, id="language"),
        Binding(HELP_KEY, "help", show=False, id="help"),
    ]

    def __init__(
        self,
        settings: AppSettings | Deferred[AppSettings],
        client: ConsentClient | Deferred[ConsentClient],
        *,
        display: DisplaySettings | None = None,
        demo_info: str | Callable[[], str] | None = None,
        session_store: SessionStore | None = None,
        outbox_factory: Callable[[], Outbox] | None = None,
        clock: Clock = time.monotonic,
    ) -> None:
        """``settings`` and ``client`` may be :class:`Deferred`: then ``display`` (cheap to
        read) draws the first screen and both are built in the background once it shows.
        ``clock`` measures idle time for the auto-lock (tests pass a fake one)."""
        self._settings = settings if isinstance(settings, Deferred) else Deferred.ready(settings)
        self._client = client if isinstance(client, Deferred) else Deferred.ready(client)
        self.display_settings = display or self._settings.get().display()
        set_language(self.display_settings.language)
        viewpoint.set_viewer()  # nobody is logged in yet
        super().__init__()
        # Textual would parse the start screen's CSS seven times before the first frame.
        self.stylesheet = ParseOnceStylesheet(variables=self.get_css_variables())
        self.demo_info = demo_info
        self.remember = RememberMe(self, session_store or SessionStore())
        self.auto_lock = AutoLock(self, clock)
        self.startup = Startup(self)
        if self._client.is_ready:
            self.build_client()
        self.animation_level = "none"
        for theme in THEMES.values():
            self.register_theme(theme)
        self.theme = THEMES[self.display_settings.theme].name
        self.title = _("Notes")
        self.session: SessionState | None = None
        self.left_instantly = False
        self._outbox_factory = outbox_factory
        self._sync: SyncService | None = None
        self.held_answers: HeldAnswers | None = None
        """Wizard answers in progress while the app is locked (memory only; see lock())."""

    # --- the terminal's cursor ---------------------------------------------------------

    @property
    def cursor_position(self) -> Offset:
        """Where Textual puts the terminal's cursor each time it writes the screen.

        On the focused widget (:mod:`consent_app.focus_cursor`), so a screen reader or braille
        display that follows the cursor lands on what has focus.
        """
        focused = self.screen.focused if self.screen_stack else None
        return focus_offset(focused) or self._text_cursor

    @cursor_position.setter
    def cursor_position(self, offset: Offset) -> None:
        # Textual's text fields set it; used only when nothing has focus.
        self._text_cursor = offset

    # --- what the app holds ------------------------------------------------------------

    @property
    def session_store(self) -> SessionStore:
        return self.remember.store

    @property
    def sync(self) -> SyncService:
        """Outbox and sync engine, built on first use (they are not needed to show the start)."""
        if self._sync is None:
            from consent_app.sync_service import SyncService

            self._sync = SyncService(self, self._outbox_factory)
        return self._sync

    @property
    def settings(self) -> AppSettings:
        return self._settings.get()

    def lock_settings(self) -> AppSettings | DisplaySettings:
        """The full settings once built (they are the source of truth), else the early copy."""
        return self.settings if self._settings.is_ready else self.display_settings

    @property
    def client(self) -> ConsentClient:
        return self._client.get()

    def build_client(self) -> ConsentClient:
        """Build the client (and the settings) if not done yet; called once at start-up."""
        client = self._client.get()
        client.on_tokens_changed = self.remember.tokens_changed
        return client

    def after_exit(self) -> None:
        """Once the terminal is restored: drop the outbox unless the login is remembered."""
        if self._sync is not None:
            remembered = self.session is not None and self.session.remember_me
            self._sync.at_exit(remembered=remembered)

    def close_client(self) -> None:
        """Close the API client if it was ever built (it is not when the app left early)."""
        if self._client.is_ready:
            with contextlib.suppress(Exception):
                self._client.get().close()

    def from_worker(self, callback: Callable[..., object], *args: Any, **kwargs: Any) -> None:
        """Run ``callback`` on the UI thread from a thread worker, unless the app is closing."""
        if exit_requested(self):
            return
        with contextlib.suppress(RuntimeError):  # the app closed meanwhile
            self.call_from_thread(callback, *args, **kwargs)

    # --- start and leave ---------------------------------------------------------------

    def on_mount(self) -> None:
        # The start mode's first screen is already there (Textual builds it from MODES).
        self.auto_lock.start()
        if not self.is_headless:  # SIGHUP/SIGTERM leave like Ctrl+Q (see exit_signals)
            loop = asyncio.get_running_loop()
            exit_signals.route_to_app(partial(loop.call_soon_threadsafe, self.exit_now))

    def on_ready(self) -> None:
        # The start screen is drawn: the collector may run again (see collector.py); now
        # build what it did not need.
        collector.resume()
        self.startup.begin(already_built=self._settings.is_ready and self._client.is_ready)

    def action_leave(self) -> None:
        self.exit_now()

    def exit_now(self) -> None:
        """Close at once: no question, no message afterwards, tokens gone from memory."""
        self.left_instantly = True
        self.session = None
        self.held_answers = None
        self._forget_tokens()
        drop_exit_output(self)
        self.exit(return_code=0)

    def run(self, *args: Any, **kwargs: Any) -> None:
        out = None if kwargs.get("headless") else sys.__stdout__
        terminal = out if out is not None and out.isatty() else None
        if terminal is not None:
            terminal_title.save_and_set(terminal, _("Notes"))
        try:
            result = super().run(*args, **kwargs)
        finally:
            exit_signals.route_to_app(None)
            # The terminal may be gone (SIGHUP): nothing left to write to then.
            with contextlib.suppress(OSError, ValueError):
                if out is not None and self.left_instantly:
                    out.write(CLEAR_TERMINAL)
                    out.flush()
                if terminal is not None:
                    terminal_title.restore(terminal)
        if self.startup.problem:
            sys.stderr.write(self.startup.problem + "\n")
        return result

    def _forget_tokens(self) -> None:
        if self._client.is_ready:  # never build a client just to forget its tokens
            with contextlib.suppress(Exception):
                self._client.get().set_tokens(None)

    async def on_event(self, event: events.Event) -> None:
        self.auto_lock.note_event(event)
        if self._held_messages and isinstance(event, events.Key):
            self._held_messages = False
            self.clear_notifications()  # reduced motion: a message goes when a key is pressed
        await super().on_event(event)

    def reduces_motion(self) -> bool:
        return self.display_settings.reduce_motion

    def notify(self, message: str, *args: Any, **kwargs: Any) -> None:
        """As Textual's; with reduced motion the message stays until the next key."""
        if self.display_settings.reduce_motion:
            kwargs["timeout"] = HELD_MESSAGE_SECONDS
            self._held_messages = True
        super().notify(message, *args, **kwargs)

    # --- language and help -------------------------------------------------------------

    def action_switch_language(self) -> None:
        self.use_language(other_language())

    def use_language(self, language: Language) -> None:
        """Show every screen in ``language`` from now on (texts typed so far stay)."""
        set_language(language)
        self.title = _("Notes")
        write_to_terminal(self, terminal_title.set_title_sequence(self.title))
        for screen in self.screen_stack:
            if isinstance(screen, Retranslating):
                screen.retranslate()

    def refresh_demo_info(self) -> None:
        """Draw the demo panel again: its codes exist once the embedded server is seeded."""
        for screen in self.screen_stack:
            for panel in screen.query("#demo-info").results(TranslatedText):
                panel.retranslate()

    def action_help(self) -> None:
        if isinstance(self.screen, navigation.screen_class(ScreenName.help)):
            return
        text = self.screen.WHY_WE_ASK if isinstance(self.screen, AppScreen) else None
        self.open_screen(ScreenName.help, text)

    # --- navigation (by name: see navigation.py) ------------------------------------

    def show_start(self) -> None:
        self.enter(Mode.start)

    def show_login(self, *, username: str = "", message: Msg | None = None) -> None:
        self.open_screen(ScreenName.login, username=username, message=message)

    def show_register(self) -> None:
        self.open_screen(ScreenName.register)

    def action_open_wizard(self) -> None:
        """Open the preference questions (the wizard) on top of the home screen."""
        self.open_screen(ScreenName.wizard)

    # --- the session -------------------------------------------------------------------

    def start_session(self, username: str, *, remember_me: bool) -> None:
        """Called by the login and register screens once the client holds tokens."""
        self.session = SessionState(username=username, remember_me=remember_me)
        self.remember.keep_or_forget(username, remember_me)
        self.enter(Mode.opening)  # then the victim's, representative's or staff home
        self.sync.start()

    def log_out(self) -> None:
        """Log out on the server (in a thread), then end the session here."""
        self.run_worker(self._log_out, thread=True, exclusive=True, group="logout")

    def _log_out(self) -> None:
        # The local session ends whatever the server says (it may be unreachable).
        with contextlib.suppress(Exception):
            self.client.logout()
        self.from_worker(self.end_session)

    def end_session(self) -> None:
        """After logout: forget everything about the person and go back to the start."""
        remembered = self.session is not None and self.session.remember_me
        self.session = None
        self.held_answers = None
        viewpoint.set_viewer()
        if self._sync is not None:
            self._sync.stop()
        self._forget_tokens()
        if remembered:
            self.remember.keep_or_forget(None, False)
        self.show_start()

    def lockable(self) -> bool:
        """Not when locked already, nor on the start screen alone (nothing to hide there)."""
        if self.current_mode == Mode.locked:
            return False
        return not (self.current_mode == Mode.start and len(self.screen_stack) == 1)

    def lock(self) -> None:
        """Drop every screen with personal data; ask for the passphrase to continue.

        Tokens leave memory in every case. With "remember me" they stay in the keyring,
        so only this running app forgets them.
        """
        self.auto_lock.restart()
        if not self.lockable():
            return
        self.clear_notifications()
        if self.session is None:
            # Nobody logged in: just drop half-typed forms.
            self.show_start()
            return
        self.held_answers = self._answers_in_progress()
        self._forget_tokens()
        if self._sync is not None:
            self._sync.stop()
        self.enter(Mode.locked)  # the lock screen asks for this session's passphrase

    def _answers_in_progress(self) -> HeldAnswers | None:
        for screen in reversed(self.screen_stack):
            held = screen.hold_answers() if isinstance(screen, AppScreen) else None
            if held is not None:
                return held
        return None

    def resume_answers(self) -> None:
        """After unlocking: back to the question the person was at, answers as they were."""
        held, self.held_answers = self.held_answers, None
        if held is not None:
            self.push_screen(held.resume())
