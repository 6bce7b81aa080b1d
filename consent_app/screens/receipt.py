"""A receipt for one version: when it was recorded, by whom, and what, in plain words.

Shown right after sending (then it may say "waiting to be sent") and from the history, where
it can also be exported to a file the person names.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button

from consent_app import summary
from consent_app.i18n import Msg
from consent_app.navigation import ScreenName
from consent_app.receipts import (
    RECEIPT_WHY,
    ReceiptView,
    origin_text,
    recorded_heading,
    recorded_text,
    status_text,
)
from consent_app.screens.base import AppScreen
from consent_app.widgets.key_bar import KeyHint
from consent_app.widgets.translatable import TranslatedButton, TranslatedText


class ReceiptScreen(AppScreen):
    CSS_PATH = Path(__file__).with_name("receipt.tcss")
    HOLDS_PERSONAL_DATA = True
    WHY_WE_ASK: ClassVar[Msg] = RECEIPT_WHY
    KEY_HINTS: ClassVar[list[KeyHint]] = [("Esc", Msg("Done"))]
    BINDINGS: ClassVar = [Binding("escape", "done", show=False, id="receipt.done")]
    PRESS_ACTIONS: ClassVar[dict[str, str]] = {"done": "done"}

    def __init__(self, view: ReceiptView) -> None:
        super().__init__()
        self.view = view

    def compose_body(self) -> ComposeResult:
        yield TranslatedText(Msg("Receipt"), classes="heading")
        yield TranslatedText(lambda: status_text(self.view), id="status", classes="note")
        yield TranslatedText(lambda: origin_text(self.view.receipt), id="origin", classes="note")
        yield TranslatedText(self._recorded_heading, classes="subheading")
        yield TranslatedText(self._recorded, id="recorded")
        yield TranslatedText(
            lambda: summary.what_happens_next(self.view.choices), id="next", classes="note"
        )
        with Horizontal(classes="buttons"):
            yield TranslatedButton(Msg("Done"), id="done", compact=True, variant="primary")
            if self.view.receipt is not None and self.view.subject_id is not None:
                yield TranslatedButton(Msg("Save to a file"), id="export", compact=True)

    def _recorded_heading(self) -> str:
        return recorded_heading(self.view)

    def _recorded(self) -> str:
        return recorded_text(self.view)

    def on_mount(self) -> None:
        self.query_one("#origin").display = self.view.receipt is not None
        self.query_one("#done", Button).focus()

    def action_done(self) -> None:
        self.dismiss()

    @on(Button.Pressed, "#export")
    def export_pressed(self) -> None:
        if self.view.receipt is not None:
            view = self.view
            self.consent_app.open_screen(
                ScreenName.export, view.receipt, view.choices, view.subject_id
            )
