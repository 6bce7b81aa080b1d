"""Create a victim record (pseudonymous reference, date of birth, language) and issue the
activation code for it, shown once."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.widgets import Button, Input, RadioSet

from api_client.models import ActivationCode, Subject, SubjectCreate
from consent_app.answer_checks import date_pattern
from consent_app.date_input import check_birth_date
from consent_app.i18n import LANGUAGE_NAMES, Msg
from consent_app.navigation import ScreenName
from consent_app.screens.base import AppScreen
from consent_app.screens.one_time_code import CODE_HANDOVER
from consent_app.textual_internals import radio_answer
from consent_app.widgets.button_row import message_and_buttons
from consent_app.widgets.choices import TranslatedRadioButton
from consent_app.widgets.field_message import FieldMessage
from consent_app.widgets.field_row import field_with_message
from consent_app.widgets.text_field import TextField
from consent_app.widgets.translatable import TranslatedText

REFERENCE_CHARACTERS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._/-")


class CreateRecordScreen(AppScreen):
    WHY_WE_ASK: ClassVar[Msg] = Msg(
        "The record holds no name: only a reference that means something to your team, the "
        "date of birth (to know when a minor comes of age) and the language for the questions."
    )

    def compose_body(self) -> ComposeResult:
        yield TranslatedText(Msg("New victim record"), classes="heading")
        yield from field_with_message(
            Msg("Reference (no name)"),
            TextField(Msg("for example CASE-2026-0042"), id="reference", max_length=64),
        )
        yield from field_with_message(
            Msg("Date of birth"), TextField(lambda: date_pattern(), id="birth", max_length=10)
        )
        yield TranslatedText(Msg("Language for the questions"))
        with RadioSet(id="language", compact=True):
            for name in LANGUAGE_NAMES.values():  # none chosen beforehand: asked, not assumed
                yield TranslatedRadioButton(partial(str, name))
        yield FieldMessage(id="language-message", classes="-general")
        yield from message_and_buttons(
            (Msg("Create and make a code"), "create"), (Msg("Back"), "back")
        )

    def on_mount(self) -> None:
        self.query_one("#reference", Input).focus()

    def _form(self) -> SubjectCreate | None:
        """The new record, or None after saying what to fix: every field's problem at once."""
        for message in self.query(FieldMessage):
            message.clear()
        problems: dict[str, Msg] = {}
        reference = self.query_one("#reference", Input).value.strip()
        if not reference or len(reference) > 64 or set(reference) - REFERENCE_CHARACTERS:
            problems["reference"] = Msg(
                "Use 1 to 64 letters, digits, dots, dashes, slashes or underscores."
            )
        birth_text = self.query_one("#birth", Input).value.strip()
        birth, problem = (
            check_birth_date(birth_text, dt.date.today()) if birth_text else (None, None)
        )
        if problem is not None:
            problems["birth"] = problem
        chosen = radio_answer(self.query_one("#language", RadioSet))
        if chosen < 0:
            problems["language"] = Msg("Choose the language the person will read the questions in.")
        for field, text in problems.items():
            self.query_one(f"#{field}-message", FieldMessage).show(text)
        if problems:
            self.query_one(f"#{next(iter(problems))}").focus()
            return None
        language = list(LANGUAGE_NAMES)[chosen]
        return SubjectCreate(reference=reference, date_of_birth=birth, language=language)

    @on(Button.Pressed, "#create")
    def create_pressed(self) -> None:
        form = self._form()
        if form is None:
            return
        self.query_one("#create", Button).disabled = True
        self.query_one("#message", FieldMessage).show(Msg("Creating the record…"))
        self.create(form)

    def create(self, form: SubjectCreate) -> None:
        def request() -> tuple[Subject, ActivationCode]:
            client = self.consent_app.client
            subject = client.create_subject(form)
            return subject, client.issue_activation_code(subject.id, "victim")

        self.call_api(
            request, self._created, group="create-record", failed=self.button_failed("create")
        )

    def _created(self, created: tuple[Subject, ActivationCode]) -> None:
        subject, code = created
        self.consent_app.replace_screen(
            ScreenName.one_time_code,
            code.code,
            code.expires_at,
            heading=Msg("Activation code for record %(reference)s", reference=subject.reference),
            note=CODE_HANDOVER,
            extra=Msg("Record number (for your file): %(id)s", id=str(subject.id)),
        )
