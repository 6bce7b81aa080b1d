"""History: every version, who made it, when, in which language the questions
were shown; Enter opens the receipt of a version (which can be saved to a file)."""

from __future__ import annotations

import uuid
from functools import partial
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, OptionList
from textual.widgets.option_list import Option

from api_client.models import ConsentReceipt, PreferenceVersion
from consent_app import help_texts
from consent_app.i18n import Msg, _
from consent_app.navigation import ScreenName
from consent_app.receipts import ReceiptView, version_label
from consent_app.record_context import subject_to_show
from consent_app.screens.base import AppScreen
from consent_app.widgets.field_message import FieldMessage
from consent_app.widgets.key_bar import KeyHint
from consent_app.widgets.translatable import TranslatedButton, TranslatedText

PAGE_SIZE = 10


class HistoryScreen(AppScreen):
    CSS_PATH = Path(__file__).with_name("history.tcss")
    HOLDS_PERSONAL_DATA = True
    WHY_WE_ASK: ClassVar[Msg] = help_texts.HISTORY_WHY
    KEY_HINTS: ClassVar[list[KeyHint]] = [("Enter", Msg("Receipt")), ("Esc", Msg("Back"))]
    BINDINGS: ClassVar = [Binding("escape", "back", show=False, id="history.back")]

    def __init__(self, *, subject_id: uuid.UUID | None = None) -> None:
        """``subject_id``: the record to show; by default the account's own."""
        super().__init__()
        self.subject_id = subject_id
        self.versions: list[PreferenceVersion] = []
        self.next_cursor: str | None = None
        self.loaded = False

    def compose_body(self) -> ComposeResult:
        yield TranslatedText(Msg("History of your choices"), classes="heading")
        yield TranslatedText(self._intro, id="intro", classes="note")
        yield OptionList(id="versions", compact=True)
        yield FieldMessage(id="message", classes="-general")
        with Horizontal(classes="buttons"):
            yield TranslatedButton(Msg("Show older versions"), id="more", compact=True)
            yield TranslatedButton(Msg("Back"), id="back", compact=True)

    def on_mount(self) -> None:
        self.query_one("#more").display = False
        self.query_one("#versions").display = False
        self.load_page(None)

    def _intro(self) -> str:
        if not self.loaded:
            return _("Loading your history…")
        if not self.versions:
            return _("Nothing has been recorded yet.")
        return _("Newest first. Choose a version and press Enter to see its receipt.")

    def on_language_changed(self) -> None:
        self._show_versions()

    def load_page(self, cursor: str | None) -> None:
        def request() -> tuple[uuid.UUID | None, list[PreferenceVersion], str | None]:
            client = self.consent_app.client
            subject_id = subject_to_show(client, self.subject_id)
            if subject_id is None:
                return None, [], None
            page = client.history(subject_id, cursor=cursor, limit=PAGE_SIZE)
            return subject_id, page.items, page.next_cursor

        self.call_api(request, self._page_loaded, group="history-load", failed=self._failed)

    def _page_loaded(
        self, loaded: tuple[uuid.UUID | None, list[PreferenceVersion], str | None]
    ) -> None:
        subject_id, items, cursor = loaded
        self.subject_id = subject_id
        self.loaded = True
        self.versions.extend(items)
        self.next_cursor = cursor
        self._show_versions()
        self.query_one("#more").display = cursor is not None
        versions = self.query_one("#versions", OptionList)
        if self.versions:
            versions.focus()
        else:
            self.query_one("#back", Button).focus()

    def _show_versions(self) -> None:
        self.query_one("#intro", TranslatedText).retranslate()
        versions = self.query_one("#versions", OptionList)
        highlighted = versions.highlighted
        versions.clear_options()
        versions.add_options(Option(version_label(v), id=str(v.version)) for v in self.versions)
        versions.display = bool(self.versions)
        if self.versions:
            versions.highlighted = highlighted if highlighted is not None else 0

    def _failed(self, text: Msg) -> None:
        self.loaded = True
        self.query_one("#intro", TranslatedText).retranslate()
        self.show_message(text)

    @on(Button.Pressed, "#more")
    def more(self) -> None:
        if self.next_cursor is not None:
            self.load_page(self.next_cursor)

    @on(OptionList.OptionSelected, "#versions")
    def open_receipt(self, event: OptionList.OptionSelected) -> None:
        number = int(event.option.id or 0)
        version = next((v for v in self.versions if v.version == number), None)
        if version is not None and self.subject_id is not None:
            self.query_one("#message", FieldMessage).show(Msg("Loading the receipt…"))
            self.load_receipt(self.subject_id, version)

    def load_receipt(self, subject_id: uuid.UUID, version: PreferenceVersion) -> None:
        self.call_api(
            lambda: self.consent_app.client.receipt(subject_id, version.version),
            partial(self._show_receipt, subject_id, version),
            group="history-receipt",
            failed=self._failed,
        )

    def _show_receipt(
        self, subject_id: uuid.UUID, version: PreferenceVersion, receipt: ConsentReceipt
    ) -> None:
        self.query_one("#message", FieldMessage).clear()
        view = ReceiptView(
            choices=version.preferences,
            receipt=receipt,
            subject_id=subject_id,
        )
        self.consent_app.open_screen(ScreenName.receipt, view)
