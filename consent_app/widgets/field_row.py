"""A form field with its label beside it (and the line for its message below)."""

from __future__ import annotations

from textual.containers import Horizontal
from textual.widget import Widget

from consent_app.widgets.field_message import FIELD_MESSAGE_SUFFIX, FieldMessage
from consent_app.widgets.translatable import TextSource, TranslatedText


def field_row(label: TextSource, field: Widget) -> Horizontal:
    """``field`` with ``label`` on its left, on one line (``.field-row`` in app.tcss)."""
    return Horizontal(TranslatedText(label, classes="field-label"), field, classes="field-row")


def field_with_message(label: TextSource, field: Widget) -> tuple[Horizontal, FieldMessage]:
    """The :func:`field_row`, and under it the message that belongs to ``field`` (its id
    with ``-message``); for ``yield from`` in a form's compose."""
    if field.id is None:
        raise ValueError("a field with a message needs an id")
    return field_row(label, field), FieldMessage(id=field.id + FIELD_MESSAGE_SUFFIX)
