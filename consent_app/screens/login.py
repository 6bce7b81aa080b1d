"""Log in with username and passphrase; optionally remember the session on this computer."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.widgets import Button, Input

from consent_app import help_texts
from consent_app.i18n import Msg
from consent_app.messages import Action, Field, message_for
from consent_app.screens.sign_in import SignInScreen
from consent_app.widgets.button_row import message_and_buttons
from consent_app.widgets.field_message import FieldMessage
from consent_app.widgets.field_row import field_with_message
from consent_app.widgets.passphrase_input import PassphraseInput
from consent_app.widgets.text_field import TextField
from consent_app.widgets.toggles import TranslatedCheckbox
from consent_app.widgets.translatable import TranslatedText


class LoginScreen(SignInScreen):
    WHY_WE_ASK: ClassVar[Msg] = help_texts.LOGIN_WHY
    BINDINGS: ClassVar = [("escape", "back", "")]

    def __init__(self, *, username: str = "", message: Msg | None = None) -> None:
        super().__init__()
        self._initial_username = username
        self._initial_message = message

    def compose_body(self) -> ComposeResult:
        yield TranslatedText(Msg("Log in"), classes="heading")
        yield from field_with_message(
            Msg("Username"), TextField(value=self._initial_username, id="username", max_length=40)
        )
        yield from field_with_message(
            Msg("Passphrase"), PassphraseInput(id="passphrase", max_length=512)
        )
        yield TranslatedCheckbox(
            Msg("Remember me on this computer"),
            self.consent_app.settings.remember_me,
            id="remember",
        )
        yield from message_and_buttons(
            (Msg("Log in"), "submit"), (Msg("Back"), "back"), primary="submit"
        )

    def on_mount(self) -> None:
        if self._initial_message is not None:
            self.query_one("#message", FieldMessage).show(self._initial_message)
        target = "#passphrase" if self._initial_username else "#username"
        self.query_one(target, Input).focus()

    @on(Input.Submitted, "#username")
    def next_field(self) -> None:
        self.query_one("#passphrase", Input).focus()

    @on(Input.Submitted, "#passphrase")
    @on(Button.Pressed, "#submit")
    def submit(self) -> None:
        username = self.query_one("#username", Input).value.strip()
        passphrase = self.query_one("#passphrase", PassphraseInput).value
        for message in self.query(FieldMessage):
            message.clear()
        if not username:
            self.query_one("#username-message", FieldMessage).show(
                Msg("Please fill in your username.")
            )
            self.query_one("#username", Input).focus()
            return
        if not passphrase:
            self.query_one("#passphrase-message", FieldMessage).show(
                Msg("Please fill in your passphrase.")
            )
            self.query_one("#passphrase", Input).focus()
            return
        self._set_busy(True)
        self.query_one("#message", FieldMessage).show(Msg("Logging in…"))
        remember_me = self.query_one("#remember", TranslatedCheckbox).value
        self.sign_in(username, passphrase, remember_me=remember_me)

    def _set_busy(self, busy: bool) -> None:
        self.query_one("#submit", Button).disabled = busy

    def sign_in_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self.wipe_passphrases()
        message = message_for(error, Action.login)
        self.query_one("#message", FieldMessage).show(message.text)
        target = "#username" if message.field is Field.username else "#passphrase"
        self.query_one(target, Input).focus()
