"""The line at the bottom of every screen: help, language and the screen's own keys."""

from __future__ import annotations

from collections.abc import Iterable

from consent_app.i18n import LANGUAGE_NAMES, Msg, _, other_language
from consent_app.widgets.translatable import TranslatedText

KeyHint = tuple[str, Msg]
"""A key and what it does on this screen."""


class KeyBar(TranslatedText):
    """Bottom line: help, language and the keys of the current screen, in the current language.

    One text, not a bar holding a text: every screen has one, and each widget costs time
    before a screen is drawn."""

    def __init__(self, hints: Iterable[KeyHint] = (), **kwargs: object) -> None:
        self._hints = list(hints)
        self._hidden: set[str] = set()
        super().__init__(self._render_hints, **kwargs)

    def show_key(self, key: str, shown: bool) -> None:
        """Show or hide the hint for ``key``: no "Enter Open" under a list with nothing in it."""
        if shown:
            self._hidden.discard(key)
        else:
            self._hidden.add(key)
        self.retranslate()

    def _render_hints(self) -> str:
        parts = [
            "F1 " + _("Why we ask"),
            "F2 " + LANGUAGE_NAMES[other_language()],
        ]
        parts += [f"{key} {text}" for key, text in self._hints if key not in self._hidden]
        return "  ·  ".join(parts)
