"""Account: change the passphrase, log out, delete the account.

Deleting removes the login and the contact details. The last decision about being informed
stays in force unless the person also chooses to clear it (the box is off by default).
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Input

from consent_app import help_texts, strength
from consent_app.i18n import Msg, _
from consent_app.messages import Action, message_for
from consent_app.navigation import ScreenName
from consent_app.screens.base import AppScreen
from consent_app.widgets.button_row import button_row
from consent_app.widgets.field_message import FieldMessage
from consent_app.widgets.field_row import field_row, field_with_message
from consent_app.widgets.passphrase_input import PassphraseInput
from consent_app.widgets.toggles import TranslatedCheckbox
from consent_app.widgets.translatable import TranslatedButton, TranslatedText


class AccountScreen(AppScreen):
    CSS_PATH = Path(__file__).with_name("account.tcss")
    HOLDS_PERSONAL_DATA = True
    WHY_WE_ASK: ClassVar[Msg] = help_texts.ACCOUNT_WHY

    def compose_body(self) -> ComposeResult:
        yield TranslatedText(Msg("Your account"), classes="heading")
        with Horizontal(classes="buttons top"):
            yield TranslatedButton(Msg("Back"), id="back", compact=True)
            yield TranslatedButton(Msg("Log out"), id="logout", compact=True)

        yield TranslatedText(Msg("Change your passphrase"), classes="subheading")
        yield field_row(Msg("Current passphrase"), PassphraseInput(id="current", max_length=512))
        yield from field_with_message(
            Msg("New passphrase"), PassphraseInput(id="new", max_length=512)
        )
        yield field_row(Msg("New passphrase again"), PassphraseInput(id="repeat", max_length=512))
        yield FieldMessage(id="change-message", classes="-general")
        yield button_row((Msg("Change passphrase"), "change"), primary="change")

        yield TranslatedText(Msg("Delete your account"), classes="subheading")
        yield TranslatedText(
            Msg(
                "This removes your login and your contact details. Your last answer about "
                "being informed stays, so it is still respected. You can also clear it: "
                "then it counts as 'not decided yet'."
            ),
            classes="note",
        )
        yield TranslatedCheckbox(Msg("Also clear my last answer about being informed"), id="clear")
        yield field_row(
            Msg("Your passphrase"), PassphraseInput(id="delete-passphrase", max_length=512)
        )
        yield FieldMessage(id="delete-message", classes="-general")
        yield button_row((Msg("Delete my account"), "delete"))

    def on_mount(self) -> None:
        self.query_one("#current", Input).focus()

    # --- passphrase ------------------------------------------------------------------------

    @on(Input.Changed, "#new")
    def show_strength(self, event: Input.Changed) -> None:
        self.query_one("#new-message", FieldMessage).show(
            strength.describe(strength.estimate(event.value)) if event.value else None
        )

    @on(Button.Pressed, "#change")
    def change_pressed(self) -> None:
        current = self.query_one("#current", PassphraseInput).value
        new = self.query_one("#new", PassphraseInput).value
        repeat = self.query_one("#repeat", PassphraseInput).value
        message = self.query_one("#change-message", FieldMessage)
        if not current:
            message.show(Msg("Please fill in your current passphrase."), about=("current",))
            return
        if not strength.acceptable(new):
            message.show(strength.describe(strength.Strength.too_short), about=("new",))
            return
        if new != repeat:
            message.show(Msg("The two new passphrases are not the same."), about=("new", "repeat"))
            return
        message.show(Msg("Changing your passphrase…"))
        self.query_one("#change", Button).disabled = True
        self.change_passphrase(current, new)

    @work(thread=True, exclusive=True, group="account-passphrase")
    def change_passphrase(self, current: str, new: str) -> None:
        try:
            self.consent_app.client.change_passphrase(current, new)
        except Exception as error:  # mapped to a calm message; never shown raw
            self.from_worker(self._change_done, message_for(error, Action.change_passphrase).text)
            return
        self.from_worker(
            self._change_done,
            Msg(
                "Your passphrase was changed. Other computers where you were logged in are "
                "logged out now."
            ),
        )

    def _change_done(self, message: Msg) -> None:
        self.query_one("#change", Button).disabled = False
        self.wipe_passphrases()
        self.query_one("#change-message", FieldMessage).show(message)

    # --- delete ----------------------------------------------------------------------------

    @on(Button.Pressed, "#delete")
    def delete_pressed(self) -> None:
        passphrase = self.query_one("#delete-passphrase", PassphraseInput).value
        message = self.query_one("#delete-message", FieldMessage)
        if not passphrase:
            message.show(Msg("Please fill in your passphrase to delete your account."))
            self.query_one("#delete-passphrase", Input).focus()
            return
        clear = self.query_one("#clear", TranslatedCheckbox).value
        question = DELETE_AND_CLEAR_QUESTION if clear else DELETE_QUESTION

        def confirmed(yes: bool | None) -> None:
            if not yes:
                self.query_one("#delete-passphrase", Input).focus()
                return
            message.show(Msg("Deleting your account…"))
            self.query_one("#delete", Button).disabled = True
            self.delete_account(passphrase, clear)

        self.consent_app.open_screen(
            ScreenName.confirm,
            question,
            Msg("Yes, delete my account"),
            Msg("No, keep it"),
            callback=confirmed,
        )

    @work(thread=True, exclusive=True, group="account-delete")
    def delete_account(self, passphrase: str, clear_decision: bool) -> None:
        try:
            self.consent_app.client.delete_account(passphrase, clear_decision=clear_decision)
        except Exception as error:  # mapped to a calm message; never shown raw
            self.from_worker(self._delete_failed, message_for(error, Action.delete_account).text)
            return
        self.from_worker(self._deleted)

    def _delete_failed(self, message: Msg) -> None:
        self.query_one("#delete", Button).disabled = False
        self.wipe_passphrases()
        self.query_one("#delete-message", FieldMessage).show(message)
        # The button was disabled while focused; without this, focus lands nowhere visible.
        self.query_one("#delete-passphrase", Input).focus()

    def _deleted(self) -> None:
        self.wipe_passphrases()
        self.consent_app.end_session()
        self.app.notify(_("Your account was deleted."), markup=False, timeout=10)


DELETE_QUESTION = Msg(
    "Delete your account now? You can no longer log in with it. Your last answer about "
    "being informed stays and is still respected."
)
DELETE_AND_CLEAR_QUESTION = Msg(
    "Delete your account now and clear your last answer? You can no longer log in with it, "
    "and your answer about being informed counts as 'not decided yet'."
)
