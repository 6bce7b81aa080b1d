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
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from api_client.models import Inform, PreferenceChoices
from consent_app import conflicts
from consent_app.conflicts import MergeChoice
from consent_app.i18n import Msg, _
from consent_app.screens.base import MODAL_HELP, Retranslating
from consent_app.widgets.bars import SafetyBar
from consent_app.widgets.translatable import TButton, TStatic


class ConflictScreen(Retranslating, ModalScreen[MergeChoice | None]):
    CSS_PATH = Path(__file__).with_name("conflict.tcss")
    BINDINGS: ClassVar = [("escape", "later", ""), *MODAL_HELP]
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

    def compose(self) -> ComposeResult:
        yield SafetyBar(id="safety-bar")
        with Vertical(id="dialog"):
            yield TStatic(Msg("Someone else changed your choices first"), classes="heading")
            yield TStatic(
                Msg(
                    "Your change has not been sent yet. "
                    "Here is how it differs from what is recorded now."
                )
            )
            with VerticalScroll(id="differences"):
                yield Static(self._differences(), id="difference-lines", markup=False)
            yield Static(self._no_note(), id="no-note", markup=False)
            with Horizontal(id="choices"):
                yield TButton(Msg("Keep my change"), id="keep_mine", compact=True)
                yield TButton(Msg("Keep what is recorded now"), id="keep_theirs", compact=True)
                yield TButton(Msg("Combine both"), id="combine", compact=True, variant="primary")
                yield TButton(Msg("Decide later"), id="later", compact=True)

    def on_mount(self) -> None:
        self.query_one("#combine", Button).focus()

    def on_language_changed(self) -> None:
        self.query_one("#difference-lines", Static).update(self._differences())
        self.query_one("#no-note", Static).update(self._no_note())

    def _differences(self) -> str:
        lines = []
        for change in conflicts.diff(self._mine, self._theirs, self._base):
            lines.append(change.label)
            lines.append("  " + _("Your change: %(value)s") % {"value": change.mine})
            lines.append("  " + _("Recorded now: %(value)s") % {"value": change.theirs})
        return "\n".join(lines) or _("There are no differences in your choices.")

    def _no_note(self) -> str:
        if Inform.no in (self._mine.inform, self._theirs.inform):
            return _(
                "Your 'no' stays when you keep your change or combine both. Only "
                "'Keep what is recorded now' can remove it."
            )
        return ""

    def action_later(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed)
    def chosen(self, event: Button.Pressed) -> None:
        if event.button.id in {choice.value for choice in MergeChoice}:
            self.dismiss(MergeChoice(event.button.id))
        else:
            self.dismiss(None)
