"""Support staff's start: make a record, open one by its number or its reference or from the
records worked on lately, or work through the list of people who came of age."""

from __future__ import annotations

import re
import uuid
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.widgets import Button, Input, OptionList
from textual.widgets.option_list import Option

from api_client.models import REFERENCE_PATTERN, Subject
from consent_app.i18n import Msg, _, format_date
from consent_app.navigation import ScreenName
from consent_app.screens.base import AppScreen
from consent_app.widgets.button_row import button_row
from consent_app.widgets.field_message import FieldMessage
from consent_app.widgets.field_row import field_with_message
from consent_app.widgets.key_bar import KeyHint
from consent_app.widgets.option_lines import refill
from consent_app.widgets.text_field import TextField
from consent_app.widgets.translatable import TranslatedText

_REFERENCE = re.compile(REFERENCE_PATTERN)
RECENT = 5


def _record_line(subject: Subject) -> str:
    """A record in the recent list: its reference (never a name), and its date of birth."""
    if subject.date_of_birth is None:
        return subject.reference
    return _("%(reference)s, born %(date)s") % {
        "reference": subject.reference,
        "date": format_date(subject.date_of_birth),
    }


class StaffHomeScreen(AppScreen):
    KEY_HINTS: ClassVar[list[KeyHint]] = []  # a mode's first screen: no going back
    OPENS: ClassVar[dict[str, ScreenName]] = {
        "create": ScreenName.create_record,
        "reconsent": ScreenName.reconsent,
    }
    WHY_WE_ASK: ClassVar[Msg] = Msg(
        "You work with your own account. Everything you do here is recorded with your name, "
        "and the person can see it in their record."
    )

    def __init__(self) -> None:
        super().__init__()
        self.recent: list[Subject] | None = None

    def compose_body(self) -> ComposeResult:
        yield TranslatedText(Msg("Support staff"), classes="heading")
        yield button_row(
            (Msg("New victim record"), "create"),
            (Msg("Re-consent list"), "reconsent"),
            (Msg("Log out"), "logout"),
        )
        yield TranslatedText(Msg("Open a record"), classes="subheading")
        yield from field_with_message(
            Msg("Record number or reference"), TextField(id="record", max_length=64)
        )
        yield button_row((Msg("Open"), "open"))
        yield TranslatedText(Msg("Recent records"), classes="subheading")
        yield TranslatedText(self._recent_note, id="recent-note", classes="note")
        yield OptionList(id="recent", compact=True)

    def on_mount(self) -> None:
        self.query_one("#create", Button).focus()
        self.query_one("#recent").display = False
        self.load_recent()

    def on_screen_resume(self) -> None:
        self.load_recent()

    # --- the records this staff member worked on lately ---------------------------------

    def load_recent(self) -> None:
        self.call_api(
            lambda: self.consent_app.client.recent_subjects(limit=RECENT).items,
            self._recent_loaded,
            group="staff-recent",
            failed=self._recent_failed,
        )

    def _recent_note(self) -> str:
        if self.recent is None:
            return _("Loading…")
        if not self.recent:
            return _("None yet. Records you open or make show here.")
        return _("Choose one and press Enter to open it.")

    def _recent_loaded(self, subjects: list[Subject]) -> None:
        self.recent = subjects
        refill(
            self.query_one("#recent", OptionList),
            (Option(_record_line(s), id=str(s.id)) for s in subjects),
        )
        self.query_one("#recent-note", TranslatedText).retranslate()

    def _recent_failed(self, text: Msg) -> None:
        self.recent = []
        self.query_one("#recent-note", TranslatedText).set_text(text)

    def on_language_changed(self) -> None:
        if self.recent is not None:
            self._recent_loaded(self.recent)

    @on(OptionList.OptionSelected, "#recent")
    def open_recent(self, event: OptionList.OptionSelected) -> None:
        chosen = next((s for s in self.recent or [] if str(s.id) == event.option.id), None)
        if chosen is not None:
            self._open(chosen)

    @on(Input.Submitted, "#record")
    @on(Button.Pressed, "#open")
    def open_record(self) -> None:
        message = self.query_one("#record-message", FieldMessage)
        text = self.query_one("#record", Input).value.strip()
        if not text:
            message.show(Msg("Type a record number or a reference first."))
            return
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
        self.query_one("#record-message", FieldMessage).clear()
        self.query_one("#record", Input).value = ""
        self.consent_app.open_screen(ScreenName.staff_record, subject)
