"""Who looked at my record: every read and change, newest first, in plain words."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button

from api_client.models import AccessLogEntry
from consent_app import access_words, help_texts
from consent_app.i18n import Msg, _
from consent_app.record_context import subject_to_show
from consent_app.screens.base import AppScreen
from consent_app.widgets.field_message import FieldMessage
from consent_app.widgets.key_bar import KeyHint
from consent_app.widgets.translatable import TranslatedButton, TranslatedText

PAGE_SIZE = 10


class AccessLogScreen(AppScreen):
    CSS_PATH = Path(__file__).with_name("access_log.tcss")
    HOLDS_PERSONAL_DATA = True
    WHY_WE_ASK: ClassVar[Msg] = help_texts.ACCESS_LOG_WHY
    KEY_HINTS: ClassVar[list[KeyHint]] = [("Esc", Msg("Back"))]
    BINDINGS: ClassVar = [Binding("escape", "back", show=False, id="access-log.back")]

    def __init__(self, subject_id: uuid.UUID | None = None) -> None:
        super().__init__()
        self.subject_id = subject_id
        self.entries: list[AccessLogEntry] = []
        self.next_cursor: str | None = None
        self.loaded = False

    def compose_body(self) -> ComposeResult:
        yield TranslatedText(Msg("Who looked at my record"), classes="heading")
        yield TranslatedText(self._intro, id="intro", classes="note")
        yield TranslatedText(self._lines, id="entries")
        yield FieldMessage(id="message", classes="-general")
        with Horizontal(classes="buttons"):
            yield TranslatedButton(Msg("Show older entries"), id="more", compact=True)
            yield TranslatedButton(Msg("Back"), id="back", compact=True)

    def on_mount(self) -> None:
        self.query_one("#more").display = False
        self.query_one("#back", Button).focus()
        self.load_page(None)

    def _intro(self) -> str:
        if not self.loaded:
            return _("Loading…")
        if not self.entries:
            return _("Nothing has been written down yet.")
        return _("Newest first. Your own visit to this list is written down too.")

    def _lines(self) -> str:
        return "\n".join(f"• {access_words.access_line(entry)}" for entry in self.entries)

    def on_language_changed(self) -> None:
        self.query_one("#entries", TranslatedText).retranslate()

    def load_page(self, cursor: str | None) -> None:
        def request() -> tuple[uuid.UUID | None, list[AccessLogEntry], str | None]:
            client = self.consent_app.client
            subject_id = subject_to_show(client, self.subject_id)
            if subject_id is None:
                return None, [], None
            page = client.access_log(subject_id, cursor=cursor, limit=PAGE_SIZE)
            return subject_id, page.items, page.next_cursor

        self.call_api(request, self._page_loaded, group="access-log-load", failed=self._failed)

    def _page_loaded(
        self, loaded: tuple[uuid.UUID | None, list[AccessLogEntry], str | None]
    ) -> None:
        subject_id, items, cursor = loaded
        self.subject_id = subject_id
        self.loaded = True
        self.entries.extend(items)
        self.next_cursor = cursor
        self.query_one("#intro", TranslatedText).retranslate()
        self.query_one("#entries", TranslatedText).retranslate()
        more = self.query_one("#more", Button)
        more.display = cursor is not None
        if cursor is not None:
            more.focus()

    def _failed(self, text: Msg) -> None:
        self.loaded = True
        self.query_one("#intro", TranslatedText).retranslate()
        self.show_message(text)

    @on(Button.Pressed, "#more")
    def more(self) -> None:
        if self.next_cursor is not None:
            self.load_page(self.next_cursor)
