"""A one-time code (activation or invitation), shown once, large and grouped.

The code lives only in this screen. Closing it (or locking, or leaving) drops it: there is no
way back to it, and the server keeps only its hash.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Button

from api_client.activation_code import normalise
from consent_app.i18n import Msg, _, format_datetime
from consent_app.screens.base import AppScreen
from consent_app.widgets.button_row import button_row
from consent_app.widgets.key_bar import KeyHint
from consent_app.widgets.translatable import TranslatedText


def spaced_code(code: str) -> str:
    """``7KQ2-M9XD-4HPA-R3TB`` as ``7 K Q 2   M 9 X D   …``: easy to read aloud and copy by hand."""
    plain = normalise(code)
    groups = [plain[i : i + 4] for i in range(0, len(plain), 4)]
    return "   ".join(" ".join(group) for group in groups)


CODE_HANDOVER = Msg(
    "Hand this code over safely: in person, or in a sealed letter to an address the person "
    "chose. Not by e-mail or text message, and not where someone in their household could "
    "see it. With it, the person makes their own account."
)
"""Staff's note under an activation code."""


class OneTimeCodeScreen(AppScreen):
    CSS_PATH = Path(__file__).with_name("one_time_code.tcss")
    HOLDS_PERSONAL_DATA = True
    WHY_WE_ASK: ClassVar[Msg] = Msg(
        "A code like this is used once. Only a scrambled copy is kept, so nobody can show it "
        "again. If it gets lost, a new code can be made and the old one stops working."
    )
    KEY_HINTS: ClassVar[list[KeyHint]] = [("Esc", Msg("Close"))]
    BINDINGS: ClassVar = [Binding("escape", "close", show=False, id="code.close")]
    PRESS_ACTIONS: ClassVar[dict[str, str]] = {"close": "close"}

    def __init__(
        self,
        code: str,
        expires_at: dt.datetime,
        *,
        heading: Msg,
        note: Msg,
        extra: Msg | None = None,
    ) -> None:
        super().__init__()
        self._code = code
        self._expires_at = expires_at
        self._heading = heading
        self._note = note
        self._extra = extra

    def compose_body(self) -> ComposeResult:
        yield TranslatedText(self._heading, classes="heading")
        yield TranslatedText(lambda: spaced_code(self._code), id="code")
        yield TranslatedText(self._expiry, id="expiry", classes="note")
        yield TranslatedText(self._note, classes="note")
        yield TranslatedText(
            Msg("This code is shown only once. When you close this screen, it is gone."),
            classes="note once",
        )
        if self._extra is not None:
            yield TranslatedText(self._extra, id="extra", classes="note")
        yield button_row((Msg("Close"), "close"), primary="close")

    def _expiry(self) -> str:
        return _("Valid until %(when)s.") % {"when": format_datetime(self._expires_at)}

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus()

    def action_close(self) -> None:
        self._code = ""
        self.query_one("#code", TranslatedText).set_text(None)
        self.dismiss()
