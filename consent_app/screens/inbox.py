"""The inbox: messages about findings, newest first, each with a neutral one-line title.

Opened from the victim's home (their own messages) and from a representative's home (the
messages of every record whose mandate includes receiving them). Enter opens a message.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import ClassVar

from textual import on

from api_client.models import Page
from api_client.notices import Notice
from consent_app import inbox
from consent_app.i18n import Msg
from consent_app.navigation import ScreenName
from consent_app.notice_page import INBOX_WHY, LIST_INTRO, NO_MESSAGES, notice_line
from consent_app.screens.base import BACK_KEY
from consent_app.screens.paged_screen import PagedListScreen
from consent_app.widgets.key_bar import KeyHint
from consent_app.widgets.paged_list import ListTexts, PagedList


class InboxScreen(PagedListScreen[Notice]):
    CSS_PATH = Path(__file__).with_name("inbox.tcss")
    HOLDS_PERSONAL_DATA = True
    WHY_WE_ASK: ClassVar[Msg] = INBOX_WHY
    KEY_HINTS: ClassVar[list[KeyHint]] = [("Enter", Msg("Open")), BACK_KEY]
    HEADING = Msg("Messages")
    TEXTS = ListTexts(
        loading=Msg("Loading…"),
        empty=NO_MESSAGES,
        shown=LIST_INTRO,
        more=Msg("Show older messages"),
    )
    LIST_ID = "notices"
    CHOOSABLE = True

    def __init__(self, labels: dict[uuid.UUID, str] | None = None) -> None:
        """``labels``: the reference of each record a representative acts for."""
        super().__init__()
        self.labels = labels or {}

    def line(self, item: Notice) -> str:
        return notice_line(item, self.labels.get(item.subject_id))

    @property
    def notices(self) -> list[Notice]:
        return self.pages.items

    def on_screen_resume(self) -> None:
        # Back from a message: it is read now, and may have new answers.
        if self.pages.loaded:
            self.pages.reload()

    def fetch(self, cursor: str | None) -> Page[Notice]:
        return self.consent_app.client.my_notices(cursor=cursor, limit=inbox.PAGE_SIZE)

    @on(PagedList.Chosen)
    def open_notice(self, event: PagedList.Chosen[Notice]) -> None:
        chosen = event.item
        self.consent_app.open_screen(ScreenName.notice, chosen, self.labels.get(chosen.subject_id))
