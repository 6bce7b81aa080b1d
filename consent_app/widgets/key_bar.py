"""The line at the bottom of every screen: help, language and the screen's own keys."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.containers import Horizontal

from consent_app.i18n import LANGUAGE_NAMES, Msg, _, other_language
from consent_app.widgets.translatable import TranslatedText

KeyHint = tuple[str, Msg]
"""A key and what it does on this screen."""


class KeyBar(Horizontal):
    """Bottom line: help, language and the keys of the current screen, in the current language."""

    def __init__(self, hints: Iterable[KeyHint] = (), **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._hints = list(hints)

    def compose(self) -> ComposeResult:
        yield TranslatedText(self._render_hints, id="key-hints")

    def _render_hints(self) -> str:
        parts = [
            "F1 " + _("Why we ask"),
            "F2 " + LANGUAGE_NAMES[other_language()],
        ]
        parts += [f"{key} {text}" for key, text in self._hints]
        return "  ·  ".join(parts)
