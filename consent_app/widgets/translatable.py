"""Widgets whose text follows a language switch without losing what the person typed.

Each keeps the untranslated message and renders it again in :meth:`retranslate`, which the
app calls on every widget of every screen when the language changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, Protocol, runtime_checkable

from textual.binding import Binding, BindingType
from textual.content import Content, ContentText
from textual.geometry import Size
from textual.widgets import Button, Checkbox, Static

from consent_app.i18n import Msg
from consent_app.motion import motion_reduced
from consent_app.textual_internals import TextMark

TextSource = Msg | Callable[[], str]


def render_text(source: TextSource | None) -> str:
    if source is None:
        return ""
    return str(source) if isinstance(source, Msg) else source()


@runtime_checkable
class Translatable(Protocol):
    def retranslate(self) -> None: ...


class TranslatedText(Static):
    """A block of text given as a :class:`Msg` or a function returning the current text."""

    def __init__(self, source: TextSource | None = None, **kwargs: object) -> None:
        self._source = source
        super().__init__(render_text(source), markup=False, **kwargs)  # type: ignore[arg-type]

    def set_text(self, source: TextSource | None) -> None:
        self._source = source
        self.update(render_text(source))

    def retranslate(self) -> None:
        self.update(render_text(self._source))


class TranslatedButton(Button):
    """A button whose label follows the language; Space presses it as Enter does, as
    people expect from buttons elsewhere."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "press", show=False, id="button.press_space")
    ]

    def __init__(self, source: TextSource, **kwargs: object) -> None:
        self._source = source
        super().__init__(render_text(source), **kwargs)  # type: ignore[arg-type]

    def on_mount(self) -> None:
        if motion_reduced(self.app):
            self.active_effect_duration = 0  # no flash (and no timer) after a press

    def retranslate(self) -> None:
        self.label = render_text(self._source)


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
