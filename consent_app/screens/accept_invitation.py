"""A representative enters the invitation code a victim gave them."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.widgets import Button, Input

from api_client import activation_code
from api_client.models import Delegation
from consent_app import access_words
from consent_app.i18n import Msg
from consent_app.messages import Action
from consent_app.screens.base import AppScreen
from consent_app.widgets.button_row import message_and_buttons
from consent_app.widgets.field_message import FieldMessage
from consent_app.widgets.field_row import field_with_message
from consent_app.widgets.text_field import code_field
from consent_app.widgets.translatable import TranslatedText


class AcceptInvitationScreen(AppScreen):
    WHY_WE_ASK: ClassVar[Msg] = Msg(
        "The person who invited you gave you a code of 16 characters. When you enter it here, "
        "you may act for them as they chose. They can end this at any time."
    )

    def compose_body(self) -> ComposeResult:
        yield TranslatedText(Msg("Accept an invitation"), classes="heading")
        yield from field_with_message(Msg("Invitation code"), code_field())
        yield from message_and_buttons(
            (Msg("Accept"), "submit"), (Msg("Back"), "back"), primary="submit"
        )

    def on_mount(self) -> None:
        self.query_one("#code", Input).focus()

    @on(Input.Submitted, "#code")
    @on(Button.Pressed, "#submit")
    def submit(self) -> None:
        field = self.query_one("#code", Input)
        message = self.query_one("#code-message", FieldMessage)
        self.query_one("#message", FieldMessage).clear()
        text = field.value.strip()
        if not text:
            message.show(Msg("Please fill in the invitation code."))
            return
        if not activation_code.is_well_formed(text):  # a typo is caught before any request
            message.show(
                Msg(
                    "This code is incomplete or has a typing error. Please check each "
                    "character and try again."
                )
            )
            return
        message.clear()
        field.value = activation_code.grouped(text)
        self.query_one("#submit", Button).disabled = True
        self.accept(activation_code.normalise(text))

    def accept(self, code: str) -> None:
        self.call_api(
            lambda: self.consent_app.client.accept_invitation(code),
            self._accepted,
            group="accept-invitation",
            action=Action.accept_invitation,
            failed=self.button_failed("submit"),
        )

    def _accepted(self, delegation: Delegation) -> None:
        self.query_one("#code", Input).value = ""
        self.query_one("#submit").display = False
        self.query_one("#message", FieldMessage).show(
            Msg(
                "✓ Done. You may now %(permissions)s, as %(kind)s. Go back to open the record.",
                permissions=access_words.permissions_text(delegation.permissions),
                kind=access_words.kind_text(delegation.kind),
            )
        )
        self.query_one("#back", Button).focus()
