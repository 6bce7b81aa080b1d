"""A message that belongs to one field (or to the whole screen) and stays until it no
longer applies."""

from __future__ import annotations

from textual.dom import NoScreen
from textual.widgets import Input

from consent_app.i18n import Msg
from consent_app.widgets.translatable import TranslatedText

FIELD_MESSAGE_SUFFIX = "-message"


class FieldMessage(TranslatedText):
    """A persistent message next to a field; empty until there is something to say.

    The message with id ``<field id>-message`` belongs to that field: it goes away as soon
    as the field's value changes from the one it was about (see :class:`TextField`), so a
    mistake that was corrected is no longer pointed out.
    """

    _shown_for: str | None = None

    def show(self, message: Msg | None) -> None:
        self.set_text(message)
        self.set_class(message is not None, "-visible")
        self._shown_for = self._field_value() if message is not None else None

    def _field_value(self) -> str | None:
        if not self.id or not self.id.endswith(FIELD_MESSAGE_SUFFIX):
            return None
        field_id = self.id.removesuffix(FIELD_MESSAGE_SUFFIX)
        try:
            fields = [node for node in self.screen.query(f"#{field_id}") if isinstance(node, Input)]
        except NoScreen:
            return None
        return fields[0].value if fields else None

    def field_changed(self, value: str) -> None:
        """Called by the field: clear a message about an earlier value."""
        if self._shown_for is not None and value != self._shown_for:
            self.clear()

    def clear(self) -> None:
        self.show(None)
