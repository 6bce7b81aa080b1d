"""A radio button whose state reads as text ("(•)" / "( )"), so it needs no colour."""

from __future__ import annotations

from textual.geometry import Size
from textual.widgets import RadioButton

from consent_app.textual_internals import TextMark
from consent_app.widgets.translatable import TextSource, render_text, wrapped_height


class TranslatedRadioButton(TextMark, RadioButton):
    MARK_ON = "(•)"
    MARK_OFF = "( )"

    def __init__(self, source: TextSource, value: bool = False, **kwargs: object) -> None:
        self._source = source
        super().__init__(render_text(source), value, **kwargs)  # type: ignore[arg-type]

    def retranslate(self) -> None:
        self.label = render_text(self._source)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return wrapped_height(self.render(), width)
