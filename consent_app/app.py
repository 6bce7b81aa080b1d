"""The terminal app: global keys, safety behaviour (leave, auto-lock, crash output) and
navigation between screens. Each screen lives in its own module under ``screens/``.

Run it through the CLI (``consent-app``) or directly::

    from consent_app.app import ConsentApp
    ConsentApp(AppSettings(), ConsentClient(url)).run()
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from consent_app import crash
from consent_app.deferred import Deferred
from consent_app.display_settings import DisplaySettings
from consent_app.i18n import Msg, _, other_language, set_language
from consent_app.screens.base import AppScreen, Retranslating
from consent_app.session_store import RememberedSession, SessionStore
from consent_app.themes import THEMES
from consent_app.widgets.bars import HELP_KEY, LANGUAGE_KEY, LEAVE_KEY

if TYPE_CHECKING:
    from api_client import ConsentClient
    from api_client.tokens import TokenPair
    from consent_app.outbox import Outbox
    from consent_app.settings import AppSettings
    from consent_app.sync_service import SyncService

# Erase the visible screen and the scrollback, cursor home: run after leaving instantly so
# the terminal shows nothing of how the app was started.
CLEAR_TERMINAL = "\x1b[H\x1b[2J\x1b[3J"

_INPUT_EVENTS = (
    events.Key,
    events.MouseDown,
    events.MouseUp,
    events.MouseMove,
    events.MouseScrollDown,
    events.MouseScrollUp,
    events.Paste,
)


@dataclass
class SessionState:
    """Who is logged in, kept in memory only while the app is unlocked."""

    username: str
    remember_me: bool = False


class ConsentApp(App[None], inherit_bindings=False):
    # Neutral on purpose: the title must not tell an onlooker what this app is about.
    TITLE = "Notes"
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
        demo_info: str | None = None,
        session_store: SessionStore | None = None,
        outbox_factory: Callable[[], Outbox] | None = None,
    ) -> None:
        """``settings`` and ``client`` may be :class:`Deferred`: then ``display`` (cheap to
        read) draws the first screen and both are built in the background once it shows."""
        self._settings = settings if isinstance(settings, Deferred) else Deferred.ready(settings)
        self._client = client if isinstance(client, Deferred) else Deferred.ready(client)
        self.display_settings = display or self._settings.get().display()
        set_language(self.display_settings.language)
        super().__init__()
        self.demo_info = demo_info
        self.session_store = session_store or SessionStore()
        self.animation_level = "none"
        for theme in THEMES.values():
            self.register_theme(theme)
        self.theme = THEMES[self.display_settings.theme].name
        self.title = _("Notes")
        self.session: SessionState | None = None
        self.left_instantly = False
        self._last_input = time.monotonic()
        self._lock_warned = False
        self._crash_lines: list[str] = []
        self._startup_problem: str | None = None
        self._outbox_factory = outbox_factory
        self._sync: SyncService | None = None

    @property
    def sync(self) -> SyncService:
        """Outbox and sync engine, built on first use (they are not needed to show the start)."""
        if self._sync is None:
            from consent_app.sync_service import SyncService

            self._sync = SyncService(self, self._outbox_factory)
        return self._sync

    # --- start-up -----------------------------------------------------------------------

    @property
    def settings(self) -> AppSettings:
        return self._settings.get()

    @property
    def client(self) -> ConsentClient:
        client = self._client.get()
        client.on_tokens_changed = self._tokens_changed
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

    def on_mount(self) -> None:
        from consent_app.screens.start import StartScreen

        self.push_screen(StartScreen())
        self._last_input = time.monotonic()
        tick = min(1.0, self.display_settings.auto_lock_seconds / 10)
        self.set_interval(tick, self._check_idle, name="auto-lock")

    def on_ready(self) -> None:
        # The start screen is drawn; once the terminal has it (Textual writes from its own
        # thread, which an import holding the GIL would delay), build what it did not need.
        if self._settings.is_ready and self._client.is_ready:
            self._prepare_in_background()  # nothing to build (tests, or built by the caller)
        else:
            self.set_timer(0.15, self._prepare_in_background, name="prepare")

    @work(thread=True, exclusive=True, group="prepare")
    def _prepare_in_background(self) -> None:
        try:
            self._client.get()  # builds the settings first
        except Exception as error:  # bad configuration: say so once, calmly, and stop
            from consent_app.messages import startup_problem

            self._from_worker(self._stop_at_start, startup_problem(error))
            return
        from consent_app.screens import unreadable_outbox

        # Changes confirmed here that could not be read: say so first, then carry on.
        problem = unreadable_outbox.find_problem(self.sync)
        if problem is not None:
            screen = unreadable_outbox.UnreadableOutboxScreen(*problem)
            self._from_worker(self.push_screen, screen, self._after_outbox_problem)
            return
        self._from_worker(self._restore_remembered_session)

    def _after_outbox_problem(self, _removed: bool | None) -> None:
        self._restore_remembered_session()

    def _stop_at_start(self, line: str) -> None:
        self._startup_problem = line  # printed by run() once the terminal is restored
        self.exit(return_code=2)

    # --- leave instantly ----------------------------------------------------------------

    def action_leave(self) -> None:
        self.exit_now()

    def exit_now(self) -> None:
        """Close at once: no question, no message afterwards, tokens gone from memory."""
        self.left_instantly = True
        self.session = None
        self._forget_tokens()
        self._exit_renderables.clear()
        self.exit(return_code=0)

    def run(self, *args: Any, **kwargs: Any) -> None:
        result = super().run(*args, **kwargs)
        if self.left_instantly and not kwargs.get("headless") and sys.__stdout__ is not None:
            sys.__stdout__.write(CLEAR_TERMINAL)
            sys.__stdout__.flush()
        if self._startup_problem:
            sys.stderr.write(self._startup_problem + "\n")
        return result

    def _forget_tokens(self) -> None:
        if self._client.is_ready:  # never build a client just to forget its tokens
            with contextlib.suppress(Exception):
                self._client.get().set_tokens(None)

    # --- language and help --------------------------------------------------------------

    def action_switch_language(self) -> None:
        set_language(other_language())
        self.title = _("Notes")
        for screen in self.screen_stack:
            if isinstance(screen, Retranslating):
                screen.retranslate()

    def action_help(self) -> None:
        from consent_app.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        text = self.screen.WHY_WE_ASK if isinstance(self.screen, AppScreen) else None
        self.push_screen(HelpScreen(text))

    # --- navigation ---------------------------------------------------------------------

    def reset_to(self, screen: Screen[Any]) -> None:
        """Drop every screen (and what it shows or holds) and show ``screen`` alone."""
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(screen)

    def show_start(self) -> None:
        from consent_app.screens.start import StartScreen

        self.reset_to(StartScreen())

    def show_login(self, *, username: str = "", message: Msg | None = None) -> None:
        from consent_app.screens.login import LoginScreen

        self.push_screen(LoginScreen(username=username, message=message))

    def show_register(self) -> None:
        from consent_app.screens.register import RegisterScreen

        self.push_screen(RegisterScreen())

    def start_session(self, username: str, *, remember_me: bool) -> None:
        """Called by the login and register screens once the client holds tokens."""
        from consent_app.screens.role_home import RoleHomeScreen

        self.session = SessionState(username=username, remember_me=remember_me)
        self._keep_or_forget_session(username, remember_me)
        self.reset_to(RoleHomeScreen())  # opens the victim's, representative's or staff home
        self.sync.start()

    def end_session(self) -> None:
        """After logout: forget everything about the person and go back to the start."""
        remembered = self.session is not None and self.session.remember_me
        self.session = None
        if self._sync is not None:
            self._sync.stop()
        self._forget_tokens()
        if remembered:
            self._keep_or_forget_session(None, False)
        self.show_start()

    # --- remember me ---------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="session-store")
    def _restore_remembered_session(self) -> None:
        remembered = self.session_store.load()
        if remembered is not None:
            self._from_worker(self._resume, remembered)

    def _resume(self, remembered: RememberedSession) -> None:
        if self.session is not None:  # someone logged in meanwhile
            return
        self.client.set_tokens(remembered.tokens)
        self.start_session(remembered.username, remember_me=True)

    @work(thread=True, exclusive=True, group="session-store")
    def _keep_or_forget_session(self, username: str | None, remember_me: bool) -> None:
        # The keyring may block (a locked store asks over D-Bus): never on the event loop.
        tokens = self.client.tokens
        if not remember_me or username is None or tokens is None:
            self.session_store.clear()
            return
        if not self.session_store.save(username, tokens):
            self._from_worker(
                self.notify,
                _(
                    "This computer has no safe place to remember you. You stay logged in "
                    "only until the app closes."
                ),
                timeout=12,
                markup=False,
            )

    def _from_worker(self, callback: Callable[..., object], *args: Any, **kwargs: Any) -> None:
        if self._exit:
            return
        with contextlib.suppress(RuntimeError):  # the app closed meanwhile
            self.call_from_thread(callback, *args, **kwargs)

    def _tokens_changed(self, tokens: TokenPair | None) -> None:
        """Client callback (any thread): keep a remembered session up to date."""
        session = self.session
        if session is None or not session.remember_me:
            return
        if tokens is None:
            self.session_store.clear()
        else:
            self.session_store.save(session.username, tokens)

    def action_open_wizard(self) -> None:
        """Open the preference questions (the wizard) on top of the home screen."""
        from consent_app.screens.wizard import WizardScreen

        self.push_screen(WizardScreen())

    # --- auto-lock ----------------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, _INPUT_EVENTS):
            self._note_input()
        await super().on_event(event)

    def _note_input(self) -> None:
        self._last_input = time.monotonic()
        if self._lock_warned:
            self._lock_warned = False
            self.clear_notifications()

    def _check_idle(self) -> None:
        idle = time.monotonic() - self._last_input
        # The full settings once built (they are the source of truth), else the early copy.
        source = self.settings if self._settings.is_ready else self.display_settings
        limit = source.auto_lock_seconds
        warning = source.warning_seconds()
        if idle >= limit:
            self.lock()
        elif warning and idle >= limit - warning and not self._lock_warned and self._lockable():
            self._lock_warned = True
            self.notify(
                _("The app will lock itself in %(seconds)s seconds. Press any key to stay.")
                % {"seconds": round(limit - idle)},
                timeout=warning,
                markup=False,
            )

    def _lockable(self) -> bool:
        from consent_app.screens.lock import LockScreen
        from consent_app.screens.start import StartScreen

        return not isinstance(self.screen, LockScreen | StartScreen)

    def lock(self) -> None:
        """Drop every screen with personal data; ask for the passphrase to continue.

        Tokens leave memory in every case. With "remember me" they stay in the keyring,
        so only this running app forgets them.
        """
        from consent_app.screens.lock import LockScreen

        self._last_input = time.monotonic()
        self._lock_warned = False
        if not self._lockable():
            return
        self.clear_notifications()
        if self.session is None:
            # Nobody logged in: just drop half-typed forms.
            self.show_start()
            return
        self._forget_tokens()
        if self._sync is not None:
            self._sync.stop()
        self.reset_to(LockScreen(username=self.session.username))

    # --- crash output -------------------------------------------------------------------

    def _handle_exception(self, error: Exception) -> None:
        # Textual's version renders a traceback with local variables: it could show a
        # passphrase or a token. Keep only one translated line naming the error type.
        self._return_code = 1
        if self._exception is None:
            self._exception = error
            self._exception_event.set()
        self._crash_lines = [crash.crash_line(error)]
        self._exit_renderables.clear()
        self._close_messages_no_wait()

    def _fatal_error(self) -> None:
        error = sys.exc_info()[1] or RuntimeError()
        self._crash_lines = [crash.crash_line(error)]
        self._exit_renderables.clear()
        self._close_messages_no_wait()

    def _print_error_renderables(self) -> None:
        # Plain lines only; Textual would print rich renderables (tracebacks included).
        if self._exit_renderables and not self._crash_lines:
            self._crash_lines.append(crash.crash_line(RuntimeError()))
        self._exit_renderables.clear()
        for line in self._crash_lines:
            sys.stderr.write(line + "\n")
        self._crash_lines.clear()
