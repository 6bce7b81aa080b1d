"""The app's one-line text field: translated placeholder, no control characters, and a
message about an earlier value that goes as soon as the value changes."""

from __future__ import annotations

import unicodedata
from typing import ClassVar

from textual.widgets import Input

from consent_app.i18n import Msg
from consent_app.widgets.field_message import FieldMessage
from consent_app.widgets.translatable import TextSource, render_text


def without_control_characters(text: str) -> str:
    """Control characters (a pasted tab, say) become spaces: the server refuses them."""
    return "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text)


class TextField(Input):
    """A one-line input whose placeholder and accessible label are translated.

    Text put in by the person (typed or pasted) holds no control characters; a passphrase
    field keeps what was pasted exactly (see ``PassphraseInput``).
    """

    KEEPS_CONTROL_CHARACTERS: ClassVar[bool] = False

    def __init__(self, placeholder: TextSource | None = None, **kwargs: object) -> None:
        self._placeholder_source = placeholder
        kwargs.setdefault("compact", True)
        super().__init__(placeholder=render_text(placeholder), **kwargs)  # type: ignore[arg-type]
        self.cursor_blink = False  # no animation anywhere

    def retranslate(self) -> None:
        self.placeholder = render_text(self._placeholder_source)

    def on_input_changed(self, event: Input.Changed) -> None:
        """Handled here first, then by the screen: a message about the old value goes."""
        if event.input is not self or not self.id or not self.is_attached:
            return
        for message in self.screen.query(FieldMessage):
            message.field_changed(self.id, event.value)

    def insert_text_at_cursor(self, text: str) -> None:
        if not self.KEEPS_CONTROL_CHARACTERS:
            text = without_control_characters(text)
        super().insert_text_at_cursor(text)

    def replace(self, text: str, start: int, end: int) -> None:
        if not self.KEEPS_CONTROL_CHARACTERS:
            text = without_control_characters(text)
        super().replace(text, start, end)


def code_field() -> TextField:
    """The field (id ``code``) for a one-time code of 16 characters, an activation code or an
    invitation code, with an example of its form. Room for typed spaces and dashes."""
    return TextField(Msg("for example 7KQ2-M9XD-4HPA-R3TB"), id="code", max_length=40)
