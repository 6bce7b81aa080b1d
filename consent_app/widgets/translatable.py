"""Widgets whose text follows a language switch without losing what the person typed.

Each keeps the untranslated message and renders it again in :meth:`retranslate`, which the
app calls on every widget of every screen when the language changes. The checkbox and the
radio button are in ``toggles`` and ``choices``: the start screen shows neither, and they
bring Textual's toggle buttons with them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, Literal, Protocol, get_args, runtime_checkable

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Button, Static

from consent_app.i18n import Msg
from consent_app.motion import motion_reduced
from consent_app.textual_internals import DefaultCss, button_classes, make_compact, with_button_css
from consent_app.widgets.button_css import BUTTON_CSS

TextSource = Msg | Callable[[], str]
_BUTTON_CSS_LOCATION = (__file__, "TranslatedButton.BUTTON_CSS")


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


class TranslatedContent(Static):
    """A block of styled text (a line in bold, say), given as a function that builds its
    ``Content`` in the current language: one widget where several texts would do the same."""

    def __init__(self, source: Callable[[], Content], **kwargs: object) -> None:
        self._source = source
        super().__init__(source(), **kwargs)  # type: ignore[arg-type]

    def retranslate(self) -> None:
        self.update(self._source())


AppButtonVariant = Literal["default", "primary"]
"""The variants this app's buttons use: the only ones ``BUTTON_CSS`` has rules for."""


class TranslatedButton(Button):
    """A button whose label follows the language; Space presses it as Enter does, as
    people expect from buttons elsewhere.

    It brings only the part of Textual's button CSS for the looks it can have (default or
    primary, not flat; see ``button_css``), which is quicker to parse before the first frame.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "press", show=False, id="button.press_space")
    ]

    def __init__(
        self,
        source: TextSource,
        variant: AppButtonVariant = "default",
        *,
        compact: bool = False,
        classes: str = "",
        **kwargs: object,
    ) -> None:
        if variant not in get_args(AppButtonVariant) or kwargs.get("flat"):
            raise ValueError(f"BUTTON_CSS has no rules for a {variant} or flat button")
        self._source = source
        # Textual's own classes for the variant and look, given now: else the button sets
        # them one by one while it is being made, and restyles itself each time.
        classes = f"{classes} {button_classes(variant)}".strip()
        super().__init__(render_text(source), variant, classes=classes, **kwargs)  # type: ignore[arg-type]
        if compact:
            make_compact(self)

    def _get_default_css(self) -> DefaultCss:
        return with_button_css(super()._get_default_css(), BUTTON_CSS, _BUTTON_CSS_LOCATION)

    def on_mount(self) -> None:
        if motion_reduced(self.app):
            self.active_effect_duration = 0  # no flash (and no timer) after a press

    def retranslate(self) -> None:
        self.label = render_text(self._source)
