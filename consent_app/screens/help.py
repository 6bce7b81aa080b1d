"""F1: why we ask, for the screen that is open. Closes with Esc, Enter or F1."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Button

from consent_app.get_help import GET_HELP
from consent_app.i18n import Msg
from consent_app.screens.base import DEFAULT_WHY_WE_ASK, AppModal
from consent_app.widgets.translatable import TranslatedButton, TranslatedText


class HelpScreen(AppModal):
    CSS_PATH = Path(__file__).with_name("help.tcss")
    BINDINGS: ClassVar = [("f1", "close", "")]

    def __init__(self, text: Msg | None) -> None:
        super().__init__()
        self._text = text or DEFAULT_WHY_WE_ASK

    def compose_dialog(self) -> ComposeResult:
        yield TranslatedText(Msg("Why we ask"), classes="heading")
        with VerticalScroll(id="help-body"):
            yield TranslatedText(self._text)
        yield TranslatedText(GET_HELP, id="get-help")
        yield TranslatedButton(Msg("Close"), id="close", compact=True, variant="primary")

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus()
