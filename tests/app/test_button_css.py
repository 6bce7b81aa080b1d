"""The app's buttons bring only the part of Textual's button CSS they use, and that part is
Textual's own: every rule that can match one of our buttons, in every theme, and no other."""

from __future__ import annotations

import pytest
from textual.app import App
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet
from textual.widgets import Button

from consent_app.themes import THEMES
from consent_app.widgets.button_css import BUTTON_CSS
from consent_app.widgets.translatable import TranslatedButton

# Classes Textual's button CSS has rules for that no button of ours ever has.
NEVER_OURS = ("-style-flat", "-success", "-warning", "-error")
# Ours, and two of Textual's (the :ansi rules, for a terminal of 16 colours, are compared too).
THEME_NAMES = [theme.name for theme in THEMES.values()] + ["textual-dark", "textual-light"]


def _variables(theme: str) -> dict[str, str]:
    app: App[None] = App()
    for registered in THEMES.values():
        app.register_theme(registered)
    app.theme = theme
    return app.get_css_variables()


def _rules(css: str, variables: dict[str, str]) -> list[tuple[str, str]]:
    """Each rule as (selectors, declarations), leaving out selectors that need a class our
    buttons never have, and rules left with no selector."""
    stylesheet = Stylesheet(variables=variables)
    stylesheet.add_source(css, read_from=("button", "Button"), is_default_css=True, scope="Button")
    stylesheet.parse()
    kept = []
    for rule in stylesheet.rules:
        selectors = [
            RuleSet._selector_to_css(selector_set.selectors)
            for selector_set in rule.selector_set
            if not any(f".{name}" in str(selector_set.css) for name in NEVER_OURS)
        ]
        if selectors:
            kept.append((", ".join(selectors), rule.styles.css))
    return kept


@pytest.mark.parametrize("theme", THEME_NAMES)
def test_our_button_css_is_textuals_for_the_looks_we_use(theme: str) -> None:
    variables = _variables(theme)
    textuals = _rules(Button.DEFAULT_CSS, variables)
    assert len(textuals) > 10  # the filter leaves Textual's rules for our looks
    assert _rules(BUTTON_CSS, variables) == textuals


def test_a_button_brings_our_css_in_place_of_textuals() -> None:
    class PlainButton(Button):  # a subclass as Textual has it
        pass

    ours = TranslatedButton(lambda: "OK", "primary", compact=True)._get_default_css()
    textuals = PlainButton("OK")._get_default_css()
    assert [css for _, css, _, _ in ours] == [
        BUTTON_CSS if css == Button.DEFAULT_CSS else css for _, css, _, _ in textuals
    ]
    # Same place in the stack, same weight, same scope as Textual's.
    assert [(tie, scope) for _, _, tie, scope in ours] == [
        (tie, scope) for _, _, tie, scope in textuals
    ]


@pytest.mark.parametrize("looks", [{"variant": "success"}, {"flat": True}])
def test_a_look_without_rules_is_refused(looks: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="no rules"):
        TranslatedButton(lambda: "OK", **looks)  # type: ignore[arg-type]
