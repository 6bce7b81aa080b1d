"""The bar on top of every screen (neutral title, leave key) and the key hints at the bottom."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.dom import NoScreen
from textual.events import Click
from textual.widgets import Input

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


FIELD_MESSAGE_SUFFIX = "-message"


class FieldMessage(TStatic):
    """A persistent message next to a field; empty until there is something to say.

    The message with id ``<field id>-message`` belongs to that field; ``show(..., about=...)``
    names more fields it is about (that two passphrases differ is about both). It goes away
    as soon as any of those fields changes from the value it was about (see :class:`TInput`),
    so a mistake that was corrected is no longer pointed out.
    """

    _shown_for: dict[str, str] | None = None

    def show(self, message: Msg | None, *, about: Iterable[str] = ()) -> None:
        self.set_text(message)
        self.set_class(message is not None, "-visible")
        self._shown_for = (
            self._field_values([self._own_field(), *about]) if message is not None else None
        )

    def _own_field(self) -> str | None:
        if not self.id or not self.id.endswith(FIELD_MESSAGE_SUFFIX):
            return None
        return self.id.removesuffix(FIELD_MESSAGE_SUFFIX)

    def _field_values(self, field_ids: list[str | None]) -> dict[str, str]:
        try:
            fields = [node for node in self.screen.query(Input) if node.id in field_ids]
        except NoScreen:
            return {}
        return {field.id: field.value for field in fields if field.id is not None}

    def field_changed(self, field_id: str, value: str) -> None:
        """Called by a field: clear a message about an earlier value of it."""
        if self._shown_for is not None and self._shown_for.get(field_id, value) != value:
            self.clear()

    def clear(self) -> None:
        self.show(None)
