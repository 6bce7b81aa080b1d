"""Right after login: ask the server who this account is and open the matching home.

Victims get their own home; representatives choose whose record to act for; support staff
get their work screen. When the server cannot answer, the victim's home opens: it explains
the problem and keeps working offline.
"""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult

from api_client.models import Me, Role
from consent_app import viewpoint
from consent_app.i18n import Msg
from consent_app.navigation import Mode
from consent_app.screens.base import AppScreen
from consent_app.widgets.key_bar import KeyHint
from consent_app.widgets.translatable import TranslatedText


def mode_for(me: Me | None) -> Mode:
    """Whose home to open: the victim's also when the server could not say who this is."""
    role = me.account.role if me is not None else None
    if role is Role.representative:
        return Mode.representative
    if role is Role.staff:
        return Mode.staff
    return Mode.victim


class RoleHomeScreen(AppScreen):
    KEY_HINTS: ClassVar[list[KeyHint]] = []  # a mode's first screen: no going back

    def compose_body(self) -> ComposeResult:
        yield TranslatedText(Msg("Loading…"), classes="note")

    def on_mount(self) -> None:
        self.find_role()

    @work(thread=True, exclusive=True, group="role-home")
    def find_role(self) -> None:
        try:
            me: Me | None = self.consent_app.client.me()
        except Exception:  # the victim's home explains what went wrong
            me = None
        self.from_worker(self._open, me)

    def _open(self, me: Me | None) -> None:
        # The one place that decides how texts address the person (see viewpoint.py).
        if me is None:
            viewpoint.set_viewer()
        else:
            viewpoint.set_viewer(me.account.role, me.account.id)
        self.consent_app.enter(mode_for(me))
        self.consent_app.resume_answers()  # after an unlock: back to the open question
