"""The plain line mode's dialogue: after the greeting (``plain.start``), log in or register
(``plain.sign_in``), then the home (``plain.home``) until the person logs out or leaves.

The session holds what the pages share: the console, the client, the outbox and its sync
engine, the idle lock. Every failure becomes a line from ``consent_app.messages``. Blocking
calls run in the one thread there is: the person waits for the answer, and is told so when
it takes a moment.
"""

from __future__ import annotations

import contextlib
import uuid
from functools import partial
from typing import TYPE_CHECKING, TypeVar

from api_client import errors
from consent_app import help_texts, sending, viewpoint
from consent_app.i18n import Msg, _
from consent_app.messages import Action, message_for
from consent_app.outbox import Outbox
from consent_app.plain import home, sign_in
from consent_app.plain.console import Back, Console, Failed, IdleLock, Leave, LoggedOut
from consent_app.plain.start import PLAIN_HELP
from consent_app.sync import SyncEngine

if TYPE_CHECKING:
    from collections.abc import Callable

    from api_client import ConsentClient
    from consent_app.settings import AppSettings


T = TypeVar("T")
PLEASE_WAIT = Msg("One moment, please…")


class PlainSession:
    def __init__(
        self,
        console: Console,
        settings: AppSettings,
        client: ConsentClient,
        open_outbox: Callable[[], Outbox],
    ) -> None:
        self.console = console
        self.settings = settings
        self.client = client
        self._open_outbox = open_outbox
        self._outbox: Outbox | None = None
        self.engine: SyncEngine | None = None
        self.last_seen: dict[uuid.UUID, int] = {}
        """Per record: the newest version the person has seen (memory only, as in the app)."""

    @property
    def outbox(self) -> Outbox:
        if self._outbox is None:
            self._outbox = self._open_outbox()
        return self._outbox

    # --- start ------------------------------------------------------------------------------

    def run(self) -> None:
        """After the greeting (``plain.start``), until the person leaves (:class:`Leave`
        propagates to the caller)."""
        while True:
            self.console.heading(Msg("What do you want to do?"))
            index = self.console.choose(
                [Msg("Log in"), Msg("Register with an activation code")],
                why=help_texts.START_WHY,
                back=False,
            )
            try:
                username = sign_in.log_in(self) if index == 0 else sign_in.register(self)
            except Back:
                continue
            if username is None:
                continue
            self.console.idle_lock = IdleLock(
                self.settings.auto_lock_seconds, self._forget_tokens, partial(self.unlock, username)
            )
            try:
                home.home(self)
            except LoggedOut:
                self.forget_session()

    def forget_session(self) -> None:
        self.console.idle_lock = None
        self.engine = None
        self.last_seen.clear()
        viewpoint.set_viewer()
        self._forget_tokens()

    def _forget_tokens(self) -> None:
        with contextlib.suppress(Exception):
            self.client.set_tokens(None)

    def unlock(self, username: str) -> None:
        """After a while without input: the passphrase again before anything else is used."""
        console = self.console
        console.heading(Msg("The app is locked"))
        console.say(Msg("To continue, type your passphrase."))
        while True:
            passphrase = console.secret(Msg("Passphrase"))
            if not passphrase:
                console.say(Msg("Please fill in your passphrase."))
                continue
            try:
                self.client.login(username, passphrase)
            except Exception as error:  # mapped to a calm message; never shown raw
                console.say(message_for(error, Action.login).text)
                continue
            return

    def log_out(self) -> None:
        with contextlib.suppress(Exception):
            self.client.logout()
        self.console.say(Msg("You are logged out."))
        raise LoggedOut

    # --- what every page uses ---------------------------------------------------------------

    def wait(self) -> None:
        self.console.say(PLEASE_WAIT)

    def fetch(self, call: Callable[[], T], action: Action = Action.load) -> T:
        """The result of ``call``; on failure the calm line is written and :class:`Failed`
        raised (:class:`LoggedOut` when the server ended the session)."""
        try:
            return call()
        except errors.AuthenticationError as error:
            self.console.say(message_for(error, action).text)
            raise LoggedOut from None
        except Exception as error:  # mapped to a calm message; never shown raw
            self.console.say(message_for(error, action).text)
            raise Failed from None

    def menu(self, options: list[Msg]) -> int:
        """A home menu: "back" does not apply, "?" explains the plain mode."""
        return self.console.choose(options, why=PLAIN_HELP, back=False)

    def flush(self) -> None:
        """Send what waits in the outbox now."""
        if self.engine is None:
            return
        if self.engine.status().waiting:
            self.wait()
            report = sending.flush_now(self.engine)
            if report.reapplied:
                self.console.say(_("Your 'no' was applied again on top of a newer change."))


__all__ = ["Leave", "LoggedOut", "PlainSession"]
