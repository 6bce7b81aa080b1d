"""What the screens share where a passphrase opens a session (log in, unlock)."""

from __future__ import annotations

from textual import work

from consent_app.screens.base import AppScreen


class SignInScreen(AppScreen):
    """Logs in on the server in a thread worker; then the session starts (the passphrase
    fields wiped first), or :meth:`sign_in_failed` says why it did not."""

    def sign_in(self, username: str, passphrase: str, *, remember_me: bool) -> None:
        self._sign_in(username, passphrase, remember_me)

    @work(thread=True, exclusive=True, group="sign-in")
    def _sign_in(self, username: str, passphrase: str, remember_me: bool) -> None:
        try:
            self.consent_app.client.login(username, passphrase)
        except Exception as error:  # turned into a calm message by sign_in_failed
            self.from_worker(self.sign_in_failed, error)
            return
        self.from_worker(self._signed_in, username, remember_me)

    def _signed_in(self, username: str, remember_me: bool) -> None:
        self.wipe_passphrases()
        self.consent_app.start_session(username, remember_me=remember_me)

    def sign_in_failed(self, error: BaseException) -> None:
        """On the UI thread: the request failed (the error is never shown raw)."""
        raise NotImplementedError
