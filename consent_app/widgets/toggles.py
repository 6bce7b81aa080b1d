"""Checkboxes (and what they share with radio buttons) whose label follows the language
and whose state reads as text, without colour.

Kept apart from ``translatable`` so that the start screen, which has no checkbox, does not
import Textual's toggle buttons before its first frame.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content, ContentText
from textual.geometry import Size
from textual.widgets import Checkbox

from consent_app.textual_internals import TextMark
from consent_app.widgets.translatable import TextSource, render_text


class TranslatedToggle(TextMark):
    """Mixin for a checkbox or radio button: its label follows the language, its state
    reads as text (``MARK_ON`` / ``MARK_OFF``, no colour needed) and a long label wraps."""

    if TYPE_CHECKING:  # given by Textual's toggle button, which each subclass also is

        @property
        def label(self) -> Content: ...
        @label.setter
        def label(self, label: ContentText) -> None: ...

    def __init__(self, source: TextSource, value: bool = False, **kwargs: object) -> None:
        self._source = source
        super().__init__(render_text(source), value, **kwargs)  # type: ignore[call-arg]

    def retranslate(self) -> None:
        self.label = render_text(self._source)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return wrapped_height(self.render(), width)  # type: ignore[attr-defined]


class TranslatedCheckbox(TranslatedToggle, Checkbox):
    """A checkbox whose state shows as "[x]" or "[ ]", readable without colour.

    Up and Down move to the previous or next field, so a list of checkboxes works with the
    arrow keys as people expect (Space ticks the one with the cursor).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "app.focus_next", show=False, id="checkbox.next"),
        Binding("up", "app.focus_previous", show=False, id="checkbox.previous"),
    ]

    MARK_ON = "[x]"
    MARK_OFF = "[ ]"


def wrapped_height(content: Content, width: int) -> int:
    """Lines a toggle button's mark and label take at ``width``.

    Textual's checkboxes and radio buttons are one line high and end a long label with "…";
    with this height and ``text-wrap: wrap`` (app.tcss) the label wraps instead.
    """
    return max(1, len(content.wrap(width))) if width > 0 else 1
