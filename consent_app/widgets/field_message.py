"""A message that belongs to one field (or to the whole screen) and stays until it no
longer applies."""

from __future__ import annotations

from collections.abc import Iterable

from textual.dom import NoScreen
from textual.widgets import Input

from consent_app.i18n import Msg
from consent_app.widgets.translatable import TranslatedText

FIELD_MESSAGE_SUFFIX = "-message"


class FieldMessage(TranslatedText):
    """A persistent message next to a field; empty until there is something to say.

    The message with id ``<field id>-message`` belongs to that field; ``show(..., about=...)``
    names more fields it is about (that two passphrases differ is about both). It goes away
    as soon as any of those fields changes from the value it was about (see
    :class:`TextField`), so a mistake that was corrected is no longer pointed out. The message
    of a set of choices goes as soon as one is chosen (``AppScreen.on_radio_set_changed``).
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
