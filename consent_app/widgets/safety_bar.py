"""The bar on top of every screen: a neutral title and how to leave at once (also by mouse).

The app's own keys are named here too, so the bar and the key bindings say the same.
"""

from __future__ import annotations

from textual.content import Content
from textual.events import Click
from textual.widget import Widget

from consent_app.i18n import _

LEAVE_KEY = "ctrl+q"
LEAVE_KEY_DISPLAY = "Ctrl+Q"
HELP_KEY = "f1"
LANGUAGE_KEY = "f2"


class SafetyBar(Widget):
    """Top line: a neutral title that says nothing about the subject, and how to leave.

    One widget drawing both, not a bar holding two texts: every screen has one, and each
    widget costs time before a screen is drawn. The title fills the line from the left, the
    leave hint (bold, reversed) ends it, each with a space either side; on a line too narrow
    for both, the title gives way. A click on the hint leaves, so a mouse user can leave as
    fast as a keyboard user.
    """

    def render(self) -> Content:
        hint = self._leave_hint()
        room = max(0, self.size.width - hint.cell_length)
        title = Content(_("Notes")).truncate(max(0, room - 2), pad=True)
        return Content.assemble(Content.assemble(" ", title, " ").truncate(room), hint)

    def retranslate(self) -> None:
        self.refresh()

    def on_click(self, event: Click) -> None:
        if event.x >= self.size.width - self._leave_hint().cell_length:
            event.stop()
            self.app.exit_now()  # type: ignore[attr-defined]

    @staticmethod
    def _leave_hint() -> Content:
        """The hint with a space either side (they are part of what a click leaves by)."""
        leave = _("%(key)s = leave now") % {"key": LEAVE_KEY_DISPLAY}
        return Content.assemble(" ", (leave, "bold reverse"), " ")
