"""A calm yes/no question in a dialog, for steps that cannot be taken back."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Button

from consent_app.i18n import Msg
from consent_app.screens.base import Dialog
from consent_app.widgets.button_row import button_row
from consent_app.widgets.translatable import TranslatedText


class ConfirmModal(Dialog[bool]):
    DEFAULT_CSS = """
    ConfirmModal { align: center middle; }
    ConfirmModal #dialog {
        width: 70; height: auto; padding: 1 2; border: heavy $accent; background: $surface;
    }
    ConfirmModal #safety-bar { dock: top; height: 1; }
    """
    BINDINGS: ClassVar = [Binding("escape", "no", show=False, id="confirm.no")]

    def __init__(self, question: Msg, yes: Msg, no: Msg) -> None:
        super().__init__()
        self._question, self._yes, self._no = question, yes, no

    def compose_dialog(self) -> ComposeResult:
        yield TranslatedText(self._question, id="question")
        yield button_row((self._yes, "yes"), (self._no, "no"), primary="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()  # the safe answer is the default

    @on(Button.Pressed, "#yes")
    def yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def action_no(self) -> None:
        self.dismiss(False)
