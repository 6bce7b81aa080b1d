"""A form field with its label beside it."""

from __future__ import annotations

from textual.containers import Horizontal
from textual.widget import Widget

from consent_app.widgets.translatable import TextSource, TranslatedText


def field_row(label: TextSource, field: Widget) -> Horizontal:
    """``field`` with ``label`` on its left, on one line (``.field-row`` in app.tcss)."""
    return Horizontal(TranslatedText(label, classes="field-label"), field, classes="field-row")
