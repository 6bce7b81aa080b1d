"""Register with an activation code, a username and a passphrase; then log in."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.widgets import Button, Input

from api_client import activation_code
from api_client.models import PASSPHRASE_MAX
from consent_app import account_checks, help_texts, strength
from consent_app.i18n import Msg
from consent_app.messages import Action, Field, message_for
from consent_app.screens.base import AppScreen
from consent_app.widgets.button_row import button_row
from consent_app.widgets.field_message import FieldMessage
from consent_app.widgets.field_row import field_with_message
from consent_app.widgets.passphrase_input import PassphraseInput
from consent_app.widgets.text_field import TextField, code_field
from consent_app.widgets.translatable import TranslatedText


class RegisterScreen(AppScreen):
    CSS_PATH = Path(__file__).with_name("register.tcss")
    WHY_WE_ASK: ClassVar[Msg] = help_texts.REGISTER_WHY

    def compose_body(self) -> ComposeResult:
        yield TranslatedText(Msg("Register"), classes="heading")
        yield from field_with_message(Msg("Activation code"), code_field())
        yield from field_with_message(
            Msg("Choose a username"),
            TextField(Msg("not your e-mail address"), id="username", max_length=40),
        )
        yield from field_with_message(
            Msg("Choose a passphrase"), PassphraseInput(id="passphrase", max_length=PASSPHRASE_MAX)
        )
        yield from field_with_message(
            Msg("Repeat the passphrase"), PassphraseInput(id="repeat", max_length=PASSPHRASE_MAX)
        )
        yield FieldMessage(id="general-message", classes="-general")
        yield button_row((Msg("Register"), "submit"), (Msg("Back"), "back"), primary="submit")

    def on_mount(self) -> None:
        self.query_one("#code", Input).focus()

    # --- checks next to each field, before anything is sent ------------------------------

    def _show(self, field_id: str, message: Msg | None, *, about: tuple[str, ...] = ()) -> None:
        self.query_one(f"#{field_id}-message", FieldMessage).show(message, about=about)

    def check_code(self) -> bool:
        field = self.query_one("#code", Input)
        problem = account_checks.check_code(field.value)
        self._show("code", problem)
        if problem is None:
            field.value = activation_code.grouped(field.value.strip())
        return problem is None

    def check_username(self) -> bool:
        problem = account_checks.check_username(self.query_one("#username", Input).value)
        self._show("username", problem)
        return problem is None

    def check_passphrase(self) -> bool:
        problem = account_checks.check_new_passphrase(self.query_one("#passphrase", Input).value)
        if problem is not None:
            self._show("passphrase", problem)
        return problem is None

    def check_repeat(self) -> bool:
        passphrase = self.query_one("#passphrase", Input).value
        problem = account_checks.check_repeat(passphrase, self.query_one("#repeat", Input).value)
        self._show("repeat", problem, about=("passphrase",))  # fixing either one clears it
        return problem is None

    @on(Input.Changed, "#passphrase")
    def show_strength(self, event: Input.Changed) -> None:
        self._show("passphrase", strength.describe(strength.estimate(event.value)))

    @on(Input.Blurred, "#code")
    def code_left(self) -> None:
        if self.query_one("#code", Input).value.strip():
            self.check_code()

    @on(Input.Blurred, "#username")
    def username_left(self) -> None:
        if self.query_one("#username", Input).value.strip():
            self.check_username()

    @on(Input.Submitted, "#code, #username, #passphrase")
    def next_field(self) -> None:
        self.focus_next()

    # --- sending -------------------------------------------------------------------------

    @on(Input.Submitted, "#repeat")
    @on(Button.Pressed, "#submit")
    def submit(self) -> None:
        self._show("general", None)
        checks = [
            ("#code", self.check_code()),
            ("#username", self.check_username()),
            ("#passphrase", self.check_passphrase()),
            ("#repeat", self.check_repeat()),
        ]
        for selector, ok in checks:
            if not ok:
                self.query_one(selector, Input).focus()
                return
        self.query_one("#submit", Button).disabled = True
        self._show("general", Msg("Creating your account…"))
        self.register(
            activation_code.normalise(self.query_one("#code", Input).value),
            self.query_one("#username", Input).value.strip(),
            self.query_one("#passphrase", Input).value,
        )

    @work(thread=True, exclusive=True, group="register")
    def register(self, code: str, username: str, passphrase: str) -> None:
        client = self.consent_app.client
        try:
            client.register(code, username, passphrase)
        except Exception as error:  # mapped to a calm message; never shown raw
            self.from_worker(self._failed, error)
            return
        try:
            client.login(username, passphrase)
        except Exception as error:
            self.from_worker(self._registered_but_not_logged_in, username, error)
            return
        self.from_worker(self._succeeded, username)

    def _succeeded(self, username: str) -> None:
        self.wipe_passphrases()
        self.consent_app.start_session(username, remember_me=False)

    def _registered_but_not_logged_in(self, username: str, error: BaseException) -> None:
        self.wipe_passphrases()
        message = message_for(error, Action.login).text
        self.consent_app.show_start()
        self.consent_app.show_login(username=username, message=message)

    def _failed(self, error: BaseException) -> None:
        self.query_one("#submit", Button).disabled = False
        self._show("general", None)
        message = message_for(error, Action.register)
        if message.field is Field.general:
            self._show("general", message.text)
            return
        field_id = {
            Field.activation_code: "code",
            Field.username: "username",
            Field.passphrase: "passphrase",
        }[message.field]
        # The passphrase stays in its field (the person may want to change one word), and
        # so does the reason: wiping the field would make the strength line replace it.
        self._show(field_id, message.text)
        self.query_one(f"#{field_id}", Input).focus()
