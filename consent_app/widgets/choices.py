"""A radio button whose state reads as text ("(•)" / "( )"), so it needs no colour."""

from __future__ import annotations

from textual.widgets import RadioButton

from consent_app.widgets.toggles import TranslatedToggle


class TranslatedRadioButton(TranslatedToggle, RadioButton):
    MARK_ON = "(•)"
    MARK_OFF = "( )"
