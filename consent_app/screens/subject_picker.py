"""A representative's home: choose whose record to act for, or accept a new invitation."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.widgets import Button, OptionList
from textual.widgets.option_list import Option

from api_client.models import Me, SubjectAccess
from consent_app import inbox
from consent_app.access_words import receives_notices, subject_line
from consent_app.i18n import Msg, _
from consent_app.navigation import ScreenName
from consent_app.screens.base import AppScreen
from consent_app.widgets.button_row import message_and_buttons
from consent_app.widgets.key_bar import KeyBar, KeyHint
from consent_app.widgets.option_lines import refill
from consent_app.widgets.translatable import TranslatedText


class SubjectPickerScreen(AppScreen):
    CSS_PATH = Path(__file__).with_name("subject_picker.tcss")
    HOLDS_PERSONAL_DATA = True
    WHY_WE_ASK: ClassVar[Msg] = Msg(
        "You act for someone else here. You may only do what they (or support staff) allowed. "
        "Records are shown by a reference, not by name, so an onlooker learns nothing."
    )
    KEY_HINTS: ClassVar[list[KeyHint]] = [("Enter", Msg("Open"))]
    OPENS: ClassVar[dict[str, ScreenName]] = {"accept": ScreenName.accept_invitation}

    def __init__(self, me: Me | None = None) -> None:
        """``me``: who is logged in, when known; else the screen asks the server when shown."""
        super().__init__()
        self.me = me
        self.unread: dict[uuid.UUID, int] = {}

    @property
    def subjects(self) -> list[SubjectAccess]:
        if self.me is None:
            return []
        return [s for s in self.me.subjects if s.relation == "delegate"]

    def compose_body(self) -> ComposeResult:
        yield TranslatedText(Msg("Whose record do you want to open?"), classes="heading")
        yield TranslatedText(self._intro, id="intro", classes="note")
        yield OptionList(id="subjects", compact=True)
        yield from message_and_buttons(
            (Msg("Messages"), "inbox"),
            (Msg("Accept an invitation"), "accept"),
            (Msg("Log out"), "logout"),
        )

    def on_mount(self) -> None:
        self._show()
        self.count_unread()

    def on_screen_resume(self) -> None:
        self.reload()  # a new invitation, or a permission ended meanwhile

    def _intro(self) -> str:
        if self.me is None:
            return _("Loading…")
        if not self.subjects:
            return _(
                "You may not act for anyone yet. When someone invites you, choose "
                "'Accept an invitation' and enter their code."
            )
        return _("Choose a record and press Enter.")

    def on_language_changed(self) -> None:
        self._show()

    def _show(self) -> None:
        self.query_one("#intro", TranslatedText).retranslate()
        options = self.query_one("#subjects", OptionList)
        listed = refill(
            options,
            (
                Option(subject_line(s, self.unread.get(s.subject_id, 0)), id=str(s.subject_id))
                for s in self.subjects
            ),
        )
        self.query_one(KeyBar).show_key("Enter", listed)
        self.query_one("#inbox").display = any(receives_notices(s) for s in self.subjects)
        if self.subjects:
            options.focus()
        else:
            self.query_one("#accept", Button).focus()

    def reload(self) -> None:
        self.call_api(self.consent_app.client.me, self._reloaded, group="picker-load")

    def _reloaded(self, me: Me) -> None:
        self.me = me
        self._show()
        self.count_unread()

    def count_unread(self) -> None:
        """New messages per record whose mandate includes receiving them."""
        subjects = [s.subject_id for s in self.subjects if receives_notices(s)]
        if not subjects:
            return

        def request() -> dict[uuid.UUID, int]:
            counted = inbox.unread_counts(self.consent_app.client)
            return {subject: counted.get(subject, 0) for subject in subjects}

        self.call_api(request, self._counted, group="picker-count", failed=lambda _text: None)

    def _counted(self, unread: dict[uuid.UUID, int]) -> None:
        self.unread = unread
        self._show()

    @on(Button.Pressed, "#inbox")
    def open_inbox(self) -> None:
        labels = {s.subject_id: s.label or "—" for s in self.subjects}
        self.consent_app.open_screen(ScreenName.inbox, labels)

    @on(OptionList.OptionSelected, "#subjects")
    def open_subject(self, event: OptionList.OptionSelected) -> None:
        chosen = next((s for s in self.subjects if str(s.subject_id) == event.option.id), None)
        if chosen is not None and self.me is not None:
            self.consent_app.open_screen(ScreenName.represented_record, chosen, self.me.account.id)
