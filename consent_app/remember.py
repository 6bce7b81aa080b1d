"""Remember me: keep a login's tokens in the keyring, resume from them, keep them fresh.

The keyring may block (a locked store asks over D-Bus), so every read and write runs in
a thread worker, never on the event loop.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from consent_app.i18n import _
from consent_app.session_store import RememberedSession, SessionStore

if TYPE_CHECKING:
    from api_client.tokens import TokenPair
    from consent_app.app import ConsentApp


class RememberMe:
    def __init__(self, app: ConsentApp, store: SessionStore) -> None:
        self._app = app
        self.store = store

    def restore(self) -> None:
        """At start-up: log in again from a remembered session, if there is one."""
        self._app.run_worker(self._load, thread=True, exclusive=True, group="session-store")

    def _load(self) -> None:
        device = self.store.load_device_token()
        if device is not None:
            self._app.client.set_device_token(*device)
        remembered = self.store.load()
        if remembered is not None:
            self._app.from_worker(self._resume, remembered)

    def _resume(self, remembered: RememberedSession) -> None:
        if self._app.session is not None:  # someone logged in meanwhile
            return
        self._app.client.set_tokens(remembered.tokens)
        self._app.start_session(remembered.username, remember_me=True)

    def keep_or_forget(self, username: str | None, remember_me: bool) -> None:
        """Save the current tokens for ``username``, or forget any remembered session."""
        self._app.run_worker(
            lambda: self._keep_or_forget(username, remember_me),
            thread=True,
            exclusive=True,
            group="session-store",
        )

    def _keep_or_forget(self, username: str | None, remember_me: bool) -> None:
        tokens = self._app.client.tokens
        if not remember_me or username is None or tokens is None:
            self.store.clear()
            return
        device_token = self._app.client.device_token(username)
        if device_token is not None:
            self.store.save_device_token(username, device_token)
        if not self.store.save(username, tokens):
            self._app.from_worker(
                self._app.notify,
                _(
                    "This computer has no safe place to remember you. You stay logged in "
                    "only until the app closes."
                ),
                timeout=12,
                markup=False,
            )

    def tokens_changed(self, tokens: TokenPair | None) -> None:
        """Client callback (any thread): keep a remembered session up to date."""
        session = self._app.session
        if session is None or not session.remember_me:
            return
        if tokens is None:
            self.store.clear()
        else:
            self.store.save(session.username, tokens)
