"""History: every version, who made it, when, in which language the questions
were shown; Enter opens the receipt of a version (which can be saved to a file)."""

from __future__ import annotations

import uuid
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on

from api_client.models import ConsentReceipt, Page, PreferenceVersion
from consent_app import help_texts
from consent_app.i18n import N_, Msg
from consent_app.navigation import ScreenName
from consent_app.receipts import ReceiptView, version_label
from consent_app.screens.base import BACK_KEY
from consent_app.screens.record_pages import PAGE_SIZE, RecordPagesScreen
from consent_app.viewpoint import Worded
from consent_app.widgets.field_message import FieldMessage
from consent_app.widgets.key_bar import KeyHint
from consent_app.widgets.paged_list import ListTexts, PagedList

if TYPE_CHECKING:
    from api_client import ConsentClient


class HistoryScreen(RecordPagesScreen[PreferenceVersion]):
    CSS_PATH = Path(__file__).with_name("history.tcss")
    WHY_WE_ASK: ClassVar[Msg] = help_texts.HISTORY_WHY
    KEY_HINTS: ClassVar[list[KeyHint]] = [("Enter", Msg("Receipt")), BACK_KEY]
    # A representative opens it too (the record they act for): never "your choices" to them.
    HEADING = Worded(
        N_("History of your choices"),
        N_("History of the choices for the person you act for"),
        N_("History of the choices for the person you are helping"),
    )
    TEXTS = ListTexts(
        loading=Msg("Loading the history…"),
        empty=Msg("Nothing has been recorded yet."),
        shown=Msg("Newest first. Choose a version and press Enter to see its receipt."),
        more=Msg("Show older versions"),
    )
    LIST_ID = "versions"
    CHOOSABLE = True

    def line(self, item: PreferenceVersion) -> str:
        return version_label(item)

    def read_page(
        self, client: ConsentClient, subject_id: uuid.UUID, cursor: str | None
    ) -> Page[PreferenceVersion]:
        return client.history(subject_id, cursor=cursor, limit=PAGE_SIZE)

    @on(PagedList.Chosen)
    def open_receipt(self, event: PagedList.Chosen[PreferenceVersion]) -> None:
        if self.subject_id is not None:
            self.query_one("#message", FieldMessage).show(Msg("Loading the receipt…"))
            self.load_receipt(self.subject_id, event.item)

    def load_receipt(self, subject_id: uuid.UUID, version: PreferenceVersion) -> None:
        self.call_api(
            lambda: self.consent_app.client.receipt(subject_id, version.version),
            partial(self._show_receipt, subject_id, version),
            group="history-receipt",
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
