"""Support staff's start: make a record, open one by its number or its reference, or work
through the list of people who came of age."""

from __future__ import annotations

import re
import uuid
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Input

from api_client.models import REFERENCE_PATTERN, Subject
from consent_app.i18n import Msg
from consent_app.screens.base import AppScreen
from consent_app.widgets.bars import FieldMessage
from consent_app.widgets.translatable import TButton, TInput, TStatic

_REFERENCE = re.compile(REFERENCE_PATTERN)


class StaffHomeScreen(AppScreen):
    WHY_WE_ASK: ClassVar[Msg] = Msg(
        "You work with your own account. Everything you do here is recorded with your name, "
        "and the person can see it in their record."
    )

    def compose_body(self) -> ComposeResult:
        yield TStatic(Msg("Support staff"), classes="heading")
        with Horizontal(classes="buttons"):
            yield TButton(Msg("New victim record"), id="create", compact=True)
            yield TButton(Msg("Re-consent list"), id="reconsent", compact=True)
            yield TButton(Msg("Log out"), id="logout", compact=True)
        yield TStatic(Msg("Open a record"), classes="subheading")
        with Horizontal(classes="field-row"):
            yield TStatic(Msg("Record number or reference"), classes="field-label")
            yield TInput(id="record", max_length=64)
        yield FieldMessage(id="record-message")
        with Horizontal(classes="buttons"):
            yield TButton(Msg("Open"), id="open", compact=True)

    def on_mount(self) -> None:
        self.query_one("#create", Button).focus()

    @on(Button.Pressed, "#create")
    def create(self) -> None:
        from consent_app.screens.staff.create_record import CreateRecordScreen

        self.app.push_screen(CreateRecordScreen())

    @on(Button.Pressed, "#reconsent")
    def reconsent(self) -> None:
        from consent_app.screens.staff.reconsent import ReconsentScreen

        self.app.push_screen(ReconsentScreen())

    @on(Input.Submitted, "#record")
    @on(Button.Pressed, "#open")
    def open_record(self) -> None:
        message = self.query_one("#record-message", FieldMessage)
        text = self.query_one("#record", Input).value.strip()
        try:
            wanted: uuid.UUID | str = uuid.UUID(text)
        except ValueError:
            wanted = text
            if not _REFERENCE.match(text):
                message.show(Msg("This is not a record number or a reference. Please check it."))
                return
        message.show(Msg("Loading…"))
        self.load_record(wanted)

    def load_record(self, wanted: uuid.UUID | str) -> None:
        """By record number, or by reference (exactly; the server logs the search)."""
        client = self.consent_app.client

        def find() -> Subject | None:
            if isinstance(wanted, uuid.UUID):
                return client.get_subject(wanted)
            found = client.find_subjects(wanted).items
            return found[0] if found else None  # references are unique

        self.call_api(
            find,
            self._open_found,
            group="staff-open",
            failed=self.query_one("#record-message", FieldMessage).show,
        )

    def _open_found(self, subject: Subject | None) -> None:
        if subject is None:
            self.query_one("#record-message", FieldMessage).show(
                Msg("No record has this reference. Please check it and try again.")
            )
            return
        self._open(subject)

    def _open(self, subject: Subject) -> None:
        from consent_app.screens.staff.record import StaffRecordScreen

        self.query_one("#record-message", FieldMessage).clear()
        self.query_one("#record", Input).value = ""
        self.app.push_screen(StaffRecordScreen(subject))
