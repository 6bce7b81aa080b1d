"""The bar on top of every screen (neutral title, leave key) and the key hints at the bottom."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.events import Click

from consent_app.i18n import LANGUAGE_NAMES, Msg, _, other_language
from consent_app.widgets.translatable import TStatic

LEAVE_KEY = "ctrl+q"
LEAVE_KEY_DISPLAY = "Ctrl+Q"
HELP_KEY = "f1"
LANGUAGE_KEY = "f2"

KeyHint = tuple[str, Msg]


class LeaveHint(TStatic):
    """Clickable too: a mouse user can leave as fast as a keyboard user."""

    def on_click(self, event: Click) -> None:
        event.stop()
        self.app.exit_now()  # type: ignore[attr-defined]


class SafetyBar(Horizontal):
    """Top line: a neutral title that says nothing about the subject, and how to leave."""

    def compose(self) -> ComposeResult:
        yield TStatic(Msg("Notes"), id="safety-title")
        yield LeaveHint(
            lambda: _("%(key)s = leave now") % {"key": LEAVE_KEY_DISPLAY}, id="safety-leave"
        )


class KeyBar(Horizontal):
    """Bottom line: help, language and the keys of the current screen, in the current language."""

    def __init__(self, hints: Iterable[KeyHint] = (), **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._hints = list(hints)

    def compose(self) -> ComposeResult:
        yield TStatic(self._render_hints, id="key-hints")

    def _render_hints(self) -> str:
        parts = [
            "F1 " + _("Why we ask"),
            "F2 " + LANGUAGE_NAMES[other_language()],
        ]
        parts += [f"{key} {text}" for key, text in self._hints]
        return "  ·  ".join(parts)


class FieldMessage(TStatic):
    """A persistent message next to a field; empty until there is something to say."""

    def show(self, message: Msg | None) -> None:
        self.set_text(message)
        self.set_class(message is not None, "-visible")

    def clear(self) -> None:
        self.show(None)
