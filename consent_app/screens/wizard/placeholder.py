"""Stand-in for the preference wizard until the questions are built (next phase).

``ConsentApp.action_open_wizard`` pushes :class:`WizardScreen`; when the real wizard
replaces this module, the home screen reloads the preferences when it is dismissed.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button

from consent_app.i18n import Msg
from consent_app.screens.base import AppScreen
from consent_app.widgets.bars import KeyHint
from consent_app.widgets.translatable import TButton, TStatic


class WizardScreen(AppScreen):
    HOLDS_PERSONAL_DATA = True
    KEY_HINTS: ClassVar[list[KeyHint]] = [("Esc", Msg("Back"))]
    BINDINGS: ClassVar = [("escape", "back", "")]

    def compose_body(self) -> ComposeResult:
        yield TStatic(Msg("Change my choices"), classes="heading")
        yield TStatic(
            Msg("This part of the app is not ready yet. Your current choices stay as they are."),
            classes="note",
        )
        with Horizontal(classes="buttons"):
            yield TButton(Msg("Back"), id="back", compact=True, variant="primary")

    def on_mount(self) -> None:
        self.query_one("#back", Button).focus()

    def action_back(self) -> None:
        self.dismiss()

    @on(Button.Pressed, "#back")
    def back_pressed(self) -> None:
        self.dismiss()
