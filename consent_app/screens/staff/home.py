"""Support staff's start: make a record, open one by its number or its reference, or work
through the list of people who came of age."""

from __future__ import annotations

import contextlib
import re
import uuid
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Input

from api_client.models import REFERENCE_PATTERN, Subject
from consent_app.i18n import Msg
from consent_app.messages import Action, message_for
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

    @work(thread=True, exclusive=True, group="staff-open")
    def load_record(self, wanted: uuid.UUID | str) -> None:
        """By record number, or by reference (exactly; the server logs the search)."""
        client = self.consent_app.client
        try:
            if isinstance(wanted, uuid.UUID):
                subject = client.get_subject(wanted)
            else:
                found = client.find_subjects(wanted).items
                if not found:
                    self.from_worker(self._not_found)
                    return
                subject = found[0]  # references are unique
        except Exception as error:  # mapped to a calm message; never shown raw
            self.from_worker(self._failed, error)
            return
        self.from_worker(self._open, subject)

    def _not_found(self) -> None:
        self.query_one("#record-message", FieldMessage).show(
            Msg("No record has this reference. Please check it and try again.")
        )

    def _failed(self, error: BaseException) -> None:
        text = message_for(error, Action.load).text
        self.query_one("#record-message", FieldMessage).show(text)

    def _open(self, subject: Subject) -> None:
        from consent_app.screens.staff.record import StaffRecordScreen

        self.query_one("#record-message", FieldMessage).clear()
        self.query_one("#record", Input).value = ""
        self.app.push_screen(StaffRecordScreen(subject))

    @on(Button.Pressed, "#logout")
    def logout_pressed(self) -> None:
        self.query_one("#logout", Button).disabled = True
        self.log_out()

    @work(thread=True, exclusive=True, group="logout")
    def log_out(self) -> None:
        with contextlib.suppress(Exception):  # the local session ends whatever the server says
            self.consent_app.client.logout()
        self.from_worker(self.consent_app.end_session)
