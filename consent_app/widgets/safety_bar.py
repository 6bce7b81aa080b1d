"""The bar on top of every screen: a neutral title and how to leave at once (also by mouse).

The app's own keys are named here too, so the bar and the key bindings say the same.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.events import Click

from consent_app.i18n import Msg, _
from consent_app.widgets.translatable import TranslatedText

LEAVE_KEY = "ctrl+q"
LEAVE_KEY_DISPLAY = "Ctrl+Q"
HELP_KEY = "f1"
LANGUAGE_KEY = "f2"


class LeaveHint(TranslatedText):
    """Clickable too: a mouse user can leave as fast as a keyboard user."""

    def on_click(self, event: Click) -> None:
        event.stop()
        self.app.exit_now()  # type: ignore[attr-defined]


class SafetyBar(Horizontal):
    """Top line: a neutral title that says nothing about the subject, and how to leave."""

    def compose(self) -> ComposeResult:
        yield TranslatedText(Msg("Notes"), id="safety-title")
        yield LeaveHint(
            lambda: _("%(key)s = leave now") % {"key": LEAVE_KEY_DISPLAY}, id="safety-leave"
        )
