"""Who looked at my record: every read and change, newest first, in plain words."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from api_client.models import AccessLogEntry, Page
from consent_app import access_words, help_texts
from consent_app.i18n import Msg
from consent_app.screens.record_pages import PAGE_SIZE, RecordPagesScreen
from consent_app.widgets.paged_list import ListTexts

if TYPE_CHECKING:
    from api_client import ConsentClient


class AccessLogScreen(RecordPagesScreen[AccessLogEntry]):
    CSS_PATH = Path(__file__).with_name("access_log.tcss")
    WHY_WE_ASK: ClassVar[Msg] = help_texts.ACCESS_LOG_WHY
    HEADING = Msg("Who looked at my record")
    TEXTS = ListTexts(
        loading=Msg("Loading…"),
        empty=Msg("Nothing has been written down yet."),
        shown=Msg("Newest first. Your own visit to this list is written down too."),
        more=Msg("Show older entries"),
    )
    LIST_ID = "entries"
    CHOOSABLE = False

    def line(self, item: AccessLogEntry) -> str:
        return access_words.access_line(item)

    def read_page(
        self, client: ConsentClient, subject_id: uuid.UUID, cursor: str | None
    ) -> Page[AccessLogEntry]:
        return client.access_log(subject_id, cursor=cursor, limit=PAGE_SIZE)
