"""Before its first frame the start screen styles each widget once (start-up time).

Textual styles a widget as it is mounted. It would style the whole screen again as it
becomes active (``textual_internals.StyledOnce`` stops that on a screen's first resume), and a
button again for each class it sets on itself while it is made (``button_classes`` and
``make_compact`` give them at once). Focus still restyles the focused button.
"""

from __future__ import annotations

import itertools

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Button

from consent_app.i18n import Msg
from consent_app.widgets.translatable import AppButtonVariant, TranslatedButton
from tests.support.first_frame import first_frame

pytestmark = pytest.mark.anyio

VARIANTS: list[AppButtonVariant] = ["default", "primary"]
LOOKS = list(itertools.product(VARIANTS, [False, True]))


def test_each_widget_of_the_start_screen_is_styled_once_before_the_first_frame() -> None:
    first = first_frame()
    assert "id='login'" in first.focused  # Log in has focus from the start (AUTO_FOCUS)
    assert len(first.styled) > 10  # the safety bar, the texts, the buttons, the key bar
    assert any(widget.startswith("TranslatedButton") for widget, _ in first.styled)
    again = {widget: n for widget, n in first.styled if n > 1 and widget != first.focused}
    # Every widget was styled two to five times before. On a busy machine a Textual timer
    # may now and then fire while the screen is being mounted and restyle one of them.
    assert len(again) <= 2, again


@pytest.mark.parametrize("demo", [False, True])
def test_the_start_screen_is_laid_out_twice_before_the_first_frame(demo: bool) -> None:
    """Once when it is mounted and once for the terminal's size; Textual's App laid it out
    a third time after its own compose (see ``textual_internals.LaidOutOnce``)."""
    assert first_frame(demo=demo).layouts == ["StartScreen", "StartScreen"]


class _Buttons(App[None]):
    def compose(self) -> ComposeResult:
        for number, (variant, compact) in enumerate(LOOKS):
            yield Button("Go", variant=variant, compact=compact, id=f"plain-{number}")
            yield TranslatedButton(
                Msg("Go"), variant, compact=compact, classes="mine", id=f"ours-{number}"
            )


async def test_a_translated_button_has_the_classes_and_look_textual_gives_a_button() -> None:
    """If Textual changed the classes a button gives itself, ours would look different."""
    app = _Buttons()
    async with app.run_test() as pilot:
        await pilot.pause()
        for number, (variant, compact) in enumerate(LOOKS):
            plain = app.query_one(f"#plain-{number}", Button)
            ours = app.query_one(f"#ours-{number}", TranslatedButton)
            assert set(ours.classes) == set(plain.classes) | {"mine"}
            assert (ours.variant, ours.compact) == (plain.variant, plain.compact)
            assert (ours.variant, ours.compact) == (variant, compact)
            assert ours.styles.background == plain.styles.background
            assert ours.styles.height == plain.styles.height
