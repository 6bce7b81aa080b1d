"""First screen: language, a short calm safety note, then log in or register."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Button

from consent_app import help_texts
from consent_app.i18n import LANGUAGE_NAMES, Language, Msg, _, current_language, ngettext
from consent_app.navigation import ScreenName
from consent_app.screens.base import AppScreen
from consent_app.widgets.button_row import button_row
from consent_app.widgets.key_bar import KeyHint
from consent_app.widgets.safety_bar import LEAVE_KEY_DISPLAY
from consent_app.widgets.translatable import TranslatedButton, TranslatedContent, TranslatedText


class StartScreen(AppScreen):
    KEY_HINTS: ClassVar[list[KeyHint]] = []  # a mode's first screen: no going back
    CSS_PATH = Path(__file__).with_name("start.tcss")
    WHY_WE_ASK: ClassVar[Msg] = help_texts.START_WHY
    AUTO_FOCUS = "#login"  # focused as the screen is made: no second move of focus
    OPENS: ClassVar[dict[str, ScreenName]] = {
        "login": ScreenName.login,
        "register": ScreenName.register,
    }

    def compose_body(self) -> ComposeResult:
        yield TranslatedText(Msg("Welcome"), classes="heading")
        with Horizontal(id="languages", classes="buttons"):
            yield TranslatedText(Msg("Language:"), classes="inline-label")
            for code in LANGUAGE_NAMES:
                yield TranslatedButton(
                    partial(self._language_label, code), id=f"language-{code}", compact=True
                )
        # One text for the heading and both notes: each widget costs time before the first
        # frame. Looks as three would: the heading bold, a blank line after each note.
        yield TranslatedContent(self._safety_notes, id="safety-notes", classes="note")
        yield button_row(
            (Msg("Log in"), "login"),
            (Msg("Register with an activation code"), "register"),
            primary="login",
        )
        demo_info = self.consent_app.demo_info
        if demo_info:
            # Demo mode only: sample codes from the embedded server (not personal data).
            text = demo_info if callable(demo_info) else partial(str, demo_info)
            yield TranslatedText(text, id="demo-info")

    def _safety_notes(self) -> Content:
        leave = _(
            "You can leave at any moment: press %(key)s. The app closes at once and "
            "the screen is cleared."
        ) % {"key": LEAVE_KEY_DISPLAY}
        lock = lock_note(self.consent_app.display_settings.auto_lock_seconds)
        return Content.assemble((_("For your safety"), "bold"), "\n", leave, "\n\n", lock)

    @staticmethod
    def _language_label(code: Language) -> str:
        # The chosen language is marked with a symbol, not only with colour.
        mark = "●" if code == current_language() else "○"
        return f"{mark} {LANGUAGE_NAMES[code]}"

    def on_key(self, event: events.Key) -> None:
        """Left and Right move between the language buttons, as in any row of choices."""
        focused = self.focused
        if event.key not in ("left", "right") or focused is None:
            return
        buttons = list(self.query("#languages Button").results(Button))
        if focused not in buttons:
            return
        step = 1 if event.key == "right" else -1
        buttons[(buttons.index(focused) + step) % len(buttons)].focus()
        event.stop()

    @on(Button.Pressed, "#language-nl, #language-en")
    def choose_language(self, event: Button.Pressed) -> None:
        wanted = (event.button.id or "").removeprefix("language-")
        if wanted != current_language():
            self.consent_app.action_switch_language()


def lock_note(seconds: float) -> str:
    """The real auto-lock wait in words: seconds when it is not a whole number of minutes."""
    whole = round(seconds)
    if whole % 60 and whole < 600:
        return ngettext(
            "If you do nothing for %(seconds)s second, the app locks itself.",
            "If you do nothing for %(seconds)s seconds, the app locks itself.",
            whole,
        ) % {"seconds": whole}
    minutes = max(1, round(seconds / 60))
    return ngettext(
        "If you do nothing for %(minutes)s minute, the app locks itself.",
        "If you do nothing for %(minutes)s minutes, the app locks itself.",
        minutes,
    ) % {"minutes": minutes}
