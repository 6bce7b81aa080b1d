"""Shown after a period without input: nothing personal, only a way back in or out."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.widgets import Button, Input

from consent_app.i18n import Msg
from consent_app.messages import Action, message_for
from consent_app.screens.sign_in import SignInScreen
from consent_app.widgets.button_row import message_and_buttons
from consent_app.widgets.field_message import FieldMessage
from consent_app.widgets.field_row import field_row
from consent_app.widgets.key_bar import KeyHint
from consent_app.widgets.passphrase_input import PassphraseInput
from consent_app.widgets.translatable import TranslatedText


class LockScreen(SignInScreen):
    KEY_HINTS: ClassVar[list[KeyHint]] = []  # a mode's first screen: no going back
    WHY_WE_ASK: ClassVar[Msg] = Msg(
        "The app locked itself because nothing happened for a while. This protects your "
        "information when you step away from the computer."
    )
    PRESS_ACTIONS: ClassVar[dict[str, str]] = {"leave": "app.leave"}

    def compose_body(self) -> ComposeResult:
        yield TranslatedText(Msg("The app is locked"), classes="heading")
        yield TranslatedText(Msg("To continue, type your passphrase."), classes="note")
        yield field_row(Msg("Passphrase"), PassphraseInput(id="passphrase", max_length=512))
        yield from message_and_buttons(
            (Msg("Continue"), "unlock"),
            (Msg("Back to the start"), "start"),
            (Msg("Leave"), "leave"),
            primary="unlock",
        )

    def on_mount(self) -> None:
        self.query_one("#passphrase", Input).focus()

    @on(Button.Pressed, "#start")
    def back_to_start(self) -> None:
        self.consent_app.end_session()

    @on(Input.Submitted, "#passphrase")
    @on(Button.Pressed, "#unlock")
    def unlock(self) -> None:
        passphrase = self.query_one("#passphrase", PassphraseInput).value
        if not passphrase:
            self.query_one("#message", FieldMessage).show(Msg("Please fill in your passphrase."))
            return
        # The account name is the locked session's; never shown, so an onlooker does not
        # learn it.
        session = self.consent_app.session
        if session is None:  # the session ended meanwhile (log-out elsewhere)
            return
        self.query_one("#unlock", Button).disabled = True
        self.sign_in(session.username, passphrase, remember_me=session.remember_me)

    def sign_in_failed(self, error: BaseException) -> None:
        self.wipe_passphrases()
        self.query_one("#unlock", Button).disabled = False
        self.query_one("#message", FieldMessage).show(message_for(error, Action.unlock).text)
        self.query_one("#passphrase", Input).focus()
