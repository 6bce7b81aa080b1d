"""The app's stylesheet parses each piece of CSS once and gives exactly Textual's rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App
from textual.css.stylesheet import Stylesheet, StylesheetParseError
from textual.widgets import Button

from consent_app.app import ConsentApp
from consent_app.display_settings import ThemeName
from consent_app.textual_internals import ParseOnceStylesheet
from consent_app.themes import THEMES

APP_CSS = Path(str(ConsentApp.CSS_PATH))


def _theme_variables(name: ThemeName) -> dict[str, str]:
    app: App[None] = App()
    for theme in THEMES.values():
        app.register_theme(theme)
    app.theme = THEMES[name].name
    return app.get_css_variables()


def _filled(stylesheet: Stylesheet) -> Stylesheet:
    stylesheet.read(APP_CSS)
    stylesheet.add_source(
        Button.DEFAULT_CSS, read_from=("button", "Button.DEFAULT_CSS"), is_default_css=True
    )
    return stylesheet


@pytest.mark.parametrize("theme", list(THEMES))
def test_the_rules_are_textuals_own_for_every_theme(theme: ThemeName) -> None:
    variables = _theme_variables(theme)
    textuals = _filled(Stylesheet(variables=variables)).rules
    ours = _filled(ParseOnceStylesheet(variables=variables))
    assert ours.rules == textuals
    ours.reparse()
    assert ours.rules == textuals


def test_another_theme_parses_anew() -> None:
    first, second = _theme_variables("default"), _theme_variables("high-contrast")
    assert first != second
    ours = _filled(ParseOnceStylesheet(variables=first))
    rules_before = ours.rules
    ours.set_variables(second)
    ours.reparse()
    assert ours.rules == _filled(Stylesheet(variables=second)).rules
    assert ours.rules != rules_before


def test_css_that_does_not_parse_leaves_the_rules_that_did() -> None:
    ours = _filled(ParseOnceStylesheet(variables=_theme_variables("default")))
    working = ours.rules
    ours.add_source("Button { width: wide-please; }", read_from=("broken", ""))
    with pytest.raises(StylesheetParseError):
        ours.reparse()
    assert ours.rules == working
