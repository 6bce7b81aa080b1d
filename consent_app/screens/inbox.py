"""The inbox: messages about findings, newest first, each with a neutral one-line title.

Opened from the victim's home (their own messages) and from a representative's home (the
messages of every record whose mandate includes receiving them). Enter opens a message.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, OptionList
from textual.widgets.option_list import Option

from api_client.models import Page
from api_client.notices import Notice
from consent_app import inbox
from consent_app.i18n import Msg, _, format_datetime
from consent_app.navigation import ScreenName
from consent_app.screens.base import AppScreen
from consent_app.widgets.field_message import FieldMessage
from consent_app.widgets.key_bar import KeyHint
from consent_app.widgets.translatable import TranslatedButton, TranslatedText

INBOX_WHY = Msg(
    "Here you find the messages about what the police found, if you chose to get them in "
    "this app. The titles say little on purpose, so an onlooker learns nothing. If you want "
    "to talk to someone now, call Slachtofferhulp Nederland: 0900 0101 (free of charge)."
)


def notice_line(notice: Notice, label: str | None = None) -> str:
    mark = _("New") if notice.read_at is None else _("Read")
    line = f"{mark} · {format_datetime(notice.created_at)} · {inbox.title(notice)}"
    if notice.relation == "delegate":
        line += " · " + _("record %(label)s") % {"label": label or "—"}
    return line


class InboxScreen(AppScreen):
    CSS_PATH = Path(__file__).with_name("inbox.tcss")
    HOLDS_PERSONAL_DATA = True
    WHY_WE_ASK: ClassVar[Msg] = INBOX_WHY
    KEY_HINTS: ClassVar[list[KeyHint]] = [("Enter", Msg("Open")), ("Esc", Msg("Back"))]
    BINDINGS: ClassVar = [Binding("escape", "back", show=False, id="inbox.back")]

    def __init__(self, labels: dict[uuid.UUID, str] | None = None) -> None:
        """``labels``: the reference of each record a representative acts for."""
        super().__init__()
        self.labels = labels or {}
        self.notices: list[Notice] = []
        self.next_cursor: str | None = None
        self.loaded = False

    def compose_body(self) -> ComposeResult:
        yield TranslatedText(Msg("Messages"), classes="heading")
        yield TranslatedText(self._intro, id="intro", classes="note")
        yield OptionList(id="notices", compact=True)
        yield FieldMessage(id="message", classes="-general")
        with Horizontal(classes="buttons"):
            yield TranslatedButton(Msg("Show older messages"), id="more", compact=True)
            yield TranslatedButton(Msg("Back"), id="back", compact=True)

    def on_mount(self) -> None:
        self.query_one("#more").display = False
        self.query_one("#notices").display = False
        self.query_one("#back", Button).focus()
        self.load_page(None)

    def on_screen_resume(self) -> None:
        # Back from a message: it is read now, and may have new answers.
        if self.loaded:
            self.notices = []
            self.load_page(None)

    def _intro(self) -> str:
        if not self.loaded:
            return _("Loading…")
        if not self.notices:
            return _("There are no messages.")
        return _("Newest first. Choose a message and press Enter.")

    def on_language_changed(self) -> None:
        self._show()

    def load_page(self, cursor: str | None) -> None:
        def request() -> Page[Notice]:
            return self.consent_app.client.my_notices(cursor=cursor, limit=inbox.PAGE_SIZE)

        self.call_api(request, self._page_loaded, group="inbox-load", failed=self._failed)

    def _page_loaded(self, page: Page[Notice]) -> None:
        self.loaded = True
        self.notices.extend(page.items)
        self.next_cursor = page.next_cursor
        self._show()

    def _show(self) -> None:
        self.query_one("#intro", TranslatedText).retranslate()
        options = self.query_one("#notices", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        options.add_options(
            Option(notice_line(n, self.labels.get(n.subject_id)), id=str(n.id))
            for n in self.notices
        )
        options.display = bool(self.notices)
        self.query_one("#more").display = self.next_cursor is not None
        if self.notices:
            options.highlighted = min(highlighted or 0, len(self.notices) - 1)
            options.focus()

    def _failed(self, text: Msg) -> None:
        self.loaded = True
        self.query_one("#intro", TranslatedText).retranslate()
        self.show_message(text)

    @on(OptionList.OptionSelected, "#notices")
    def open_notice(self, event: OptionList.OptionSelected) -> None:
        chosen = next((n for n in self.notices if str(n.id) == event.option.id), None)
        if chosen is not None:
            label = self.labels.get(chosen.subject_id)
            self.consent_app.open_screen(ScreenName.notice, chosen, label)

    @on(Button.Pressed, "#more")
    def more(self) -> None:
        if self.next_cursor is not None:
            self.load_page(self.next_cursor)
