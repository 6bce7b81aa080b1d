"""A radio button whose state reads as text ("(•)" / "( )"), so it needs no colour."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import RadioButton

from consent_app.widgets.translatable import TextSource, render_text


class TRadioButton(RadioButton):
    @property
    def _button(self) -> Content:
        return Content("(•)" if self.value else "( )")

    def __init__(self, source: TextSource, value: bool = False, **kwargs: object) -> None:
        self._source = source
        super().__init__(render_text(source), value, **kwargs)  # type: ignore[arg-type]

    def retranslate(self) -> None:
        self.label = render_text(self._source)
