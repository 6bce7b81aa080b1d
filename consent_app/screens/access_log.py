"""Who looked at my record: every read and change, newest first, in plain words."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.widgets import Button

from api_client.models import AccessLogEntry, Page
from consent_app import access_words, help_texts
from consent_app.i18n import Msg
from consent_app.record_context import page_of_record
from consent_app.screens.base import AppScreen
from consent_app.widgets.paged_list import ListTexts, PagedList, list_screen_body

PAGE_SIZE = 10

ACCESS_LOG_TEXTS = ListTexts(
    loading=Msg("Loading…"),
    empty=Msg("Nothing has been written down yet."),
    shown=Msg("Newest first. Your own visit to this list is written down too."),
    more=Msg("Show older entries"),
)


class AccessLogScreen(AppScreen):
    CSS_PATH = Path(__file__).with_name("access_log.tcss")
    HOLDS_PERSONAL_DATA = True
    WHY_WE_ASK: ClassVar[Msg] = help_texts.ACCESS_LOG_WHY

    def __init__(self, subject_id: uuid.UUID | None = None) -> None:
        super().__init__()
        self.subject_id = subject_id

    def compose_body(self) -> ComposeResult:
        yield from list_screen_body(
            Msg("Who looked at my record"),
            PagedList(
                self._fetch,
                access_words.access_line,
                ACCESS_LOG_TEXTS,
                list_id="entries",
                choosable=False,
                group="access-log-load",
            ),
        )

    def on_mount(self) -> None:
        self.query_one("#back", Button).focus()

    def _fetch(self, cursor: str | None) -> Page[AccessLogEntry]:
        client = self.consent_app.client
        # Set from the worker; read on the UI thread only once a page has been shown.
        self.subject_id, page = page_of_record(
            client,
            self.subject_id,
            lambda subject_id: client.access_log(subject_id, cursor=cursor, limit=PAGE_SIZE),
        )
        return page
