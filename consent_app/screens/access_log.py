"""Who looked at my record: every read and change, newest first, in plain words."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult

from api_client.models import AccessLogEntry, Page
from consent_app import access_words, help_texts
from consent_app.i18n import Msg
from consent_app.screens.record_pages import PAGE_SIZE, RecordPagesScreen
from consent_app.widgets.paged_list import ListTexts, PagedList, list_screen_body

if TYPE_CHECKING:
    from api_client import ConsentClient

ACCESS_LOG_TEXTS = ListTexts(
    loading=Msg("Loading…"),
    empty=Msg("Nothing has been written down yet."),
    shown=Msg("Newest first. Your own visit to this list is written down too."),
    more=Msg("Show older entries"),
)


class AccessLogScreen(RecordPagesScreen[AccessLogEntry]):
    CSS_PATH = Path(__file__).with_name("access_log.tcss")
    WHY_WE_ASK: ClassVar[Msg] = help_texts.ACCESS_LOG_WHY

    def compose_body(self) -> ComposeResult:
        yield from list_screen_body(
            Msg("Who looked at my record"),
            PagedList(
                self.fetch,
                access_words.access_line,
                ACCESS_LOG_TEXTS,
                list_id="entries",
                choosable=False,
                group="access-log-load",
            ),
        )

    def read_page(
        self, client: ConsentClient, subject_id: uuid.UUID, cursor: str | None
    ) -> Page[AccessLogEntry]:
        return client.access_log(subject_id, cursor=cursor, limit=PAGE_SIZE)
