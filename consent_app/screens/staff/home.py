"""Support staff's start: make a record, open one by its number, or work through the list of
people who came of age."""

from __future__ import annotations

import uuid
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Input

from api_client.models import Subject
from consent_app.i18n import Msg
from consent_app.screens.base import AppScreen
from consent_app.widgets.bars import FieldMessage
from consent_app.widgets.translatable import TButton, TInput, TStatic


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
            yield TStatic(Msg("Record number"), classes="field-label")
            yield TInput(id="record", max_length=40)
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
        try:
            subject_id = uuid.UUID(self.query_one("#record", Input).value.strip())
        except ValueError:
            message.show(Msg("This is not a record number. Please check it and try again."))
            return
        message.show(Msg("Loading…"))
        self.load_record(subject_id)

    def load_record(self, subject_id: uuid.UUID) -> None:
        self.call_api(
            lambda: self.consent_app.client.get_subject(subject_id),
            self._open,
            group="staff-open",
            failed=self.query_one("#record-message", FieldMessage).show,
        )

    def _open(self, subject: Subject) -> None:
        from consent_app.screens.staff.record import StaffRecordScreen

        self.query_one("#record-message", FieldMessage).clear()
        self.query_one("#record", Input).value = ""
        self.app.push_screen(StaffRecordScreen(subject))
