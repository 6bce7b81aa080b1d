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
        self._hidden: set[str] = set()

    def show_key(self, key: str, shown: bool) -> None:
        """Show or hide the hint for ``key``: no "Enter Open" under a list with nothing in it."""
        if shown:
            self._hidden.discard(key)
        else:
            self._hidden.add(key)
        self.query_one("#key-hints", TranslatedText).retranslate()

    def compose(self) -> ComposeResult:
        yield TranslatedText(self._render_hints, id="key-hints")

    def _render_hints(self) -> str:
        parts = [
            "F1 " + _("Why we ask"),
            "F2 " + LANGUAGE_NAMES[other_language()],
        ]
        parts += [f"{key} {text}" for key, text in self._hints if key not in self._hidden]
        return "  ·  ".join(parts)
