"""Someone else changed the preferences first: show both, let the person choose.

Push it with the person's change and the server's current document; it dismisses with a
:class:`~consent_app.conflicts.MergeChoice`, or None for "decide later"::

    app.push_screen(ConflictScreen(entry.write, entry.current, base=entry.base), on_choice)
    # on_choice: outbox.resolve(entry.entry_id, choice); then flush the sync engine
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Static

from api_client.models import PreferenceChoices
from consent_app import conflicts
from consent_app.conflicts import MergeChoice
from consent_app.i18n import Msg
from consent_app.screens.base import Dialog
from consent_app.widgets.translatable import TranslatedButton, TranslatedText


class ConflictScreen(Dialog[MergeChoice | None]):
    CSS_PATH = Path(__file__).with_name("conflict.tcss")
    BINDINGS: ClassVar = [("escape", "later", "")]
    HOLDS_PERSONAL_DATA: ClassVar[bool] = True

    def __init__(
        self,
        mine: PreferenceChoices,
        theirs: PreferenceChoices,
        *,
        base: PreferenceChoices | None = None,
    ) -> None:
        super().__init__()
        self._mine, self._theirs, self._base = mine, theirs, base

    def compose_dialog(self) -> ComposeResult:
        yield TranslatedText(conflicts.CONFLICT_HEADING, classes="heading")
        yield TranslatedText(
            Msg(
                "Your change has not been sent yet. "
                "Here is how it differs from what is recorded now."
            )
        )
        with VerticalScroll(id="differences"):
            yield Static(self._differences(), id="difference-lines", markup=False)
        yield Static(self._no_note(), id="no-note", markup=False)
        with Horizontal(id="choices"):
            for choice, label in conflicts.MERGE_CHOICES:
                primary = choice is MergeChoice.combine
                yield TranslatedButton(
                    Msg(label),
                    id=choice.value if choice is not None else "later",
                    compact=True,
                    variant="primary" if primary else "default",
                )

    def on_mount(self) -> None:
        self.query_one("#combine", Button).focus()

    def on_language_changed(self) -> None:
        self.query_one("#difference-lines", Static).update(self._differences())
        self.query_one("#no-note", Static).update(self._no_note())

    def _differences(self) -> str:
        return conflicts.differences_text(self._mine, self._theirs, self._base)

    def _no_note(self) -> str:
        return conflicts.no_note(self._mine, self._theirs)

    def action_later(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed)
    def chosen(self, event: Button.Pressed) -> None:
        if event.button.id in {choice.value for choice in MergeChoice}:
            self.dismiss(MergeChoice(event.button.id))
        else:
            self.dismiss(None)
