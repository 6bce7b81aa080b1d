"""A representative's home: choose whose record to act for, or accept a new invitation."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, OptionList
from textual.widgets.option_list import Option

from api_client.models import Me, Permission, SubjectAccess
from consent_app import inbox, people
from consent_app.i18n import Msg, _
from consent_app.screens.base import AppScreen
from consent_app.widgets.bars import FieldMessage, KeyHint
from consent_app.widgets.translatable import TButton, TStatic


def subject_line(access: SubjectAccess, unread: int = 0) -> str:
    line = _("Record %(label)s — you may %(permissions)s") % {
        "label": access.label or "—",
        "permissions": people.permissions_text(access.permissions),
    }
    if unread:
        line += " · " + inbox.count_text(unread)
    return line


def receives_notices(access: SubjectAccess) -> bool:
    return Permission.receive_notices in access.permissions


class SubjectPickerScreen(AppScreen):
    CSS_PATH = Path(__file__).with_name("subject_picker.tcss")
    HOLDS_PERSONAL_DATA = True
    WHY_WE_ASK: ClassVar[Msg] = Msg(
        "You act for someone else here. You may only do what they (or support staff) allowed. "
        "Records are shown by a reference, not by name, so an onlooker learns nothing."
    )
    KEY_HINTS: ClassVar[list[KeyHint]] = [("Enter", Msg("Open"))]

    def __init__(self, me: Me) -> None:
        super().__init__()
        self.me = me
        self.unread: dict[uuid.UUID, int] = {}

    @property
    def subjects(self) -> list[SubjectAccess]:
        return [s for s in self.me.subjects if s.relation == "delegate"]

    def compose_body(self) -> ComposeResult:
        yield TStatic(Msg("Whose record do you want to open?"), classes="heading")
        yield TStatic(self._intro, id="intro", classes="note")
        yield OptionList(id="subjects", compact=True)
        yield FieldMessage(id="message", classes="-general")
        with Horizontal(classes="buttons"):
            yield TButton(Msg("Messages"), id="inbox", compact=True)
            yield TButton(Msg("Accept an invitation"), id="accept", compact=True)
            yield TButton(Msg("Log out"), id="logout", compact=True)

    def on_mount(self) -> None:
        self._show()
        self.count_unread()

    def on_screen_resume(self) -> None:
        self.reload()  # a new invitation, or a permission ended meanwhile

    def _intro(self) -> str:
        if not self.subjects:
            return _(
                "You may not act for anyone yet. When someone invites you, choose "
                "'Accept an invitation' and enter their code."
            )
        return _("Choose a record and press Enter.")

    def on_language_changed(self) -> None:
        self._show()

    def _show(self) -> None:
        self.query_one("#intro", TStatic).retranslate()
        options = self.query_one("#subjects", OptionList)
        options.clear_options()
        options.add_options(
            Option(subject_line(s, self.unread.get(s.subject_id, 0)), id=str(s.subject_id))
            for s in self.subjects
        )
        self.query_one("#inbox").display = any(receives_notices(s) for s in self.subjects)
        options.display = bool(self.subjects)
        if self.subjects:
            options.highlighted = 0
            options.focus()
        else:
            self.query_one("#accept", Button).focus()

    def reload(self) -> None:
        self.call_api(self.consent_app.client.me, self._reloaded, group="picker-load")

    def _reloaded(self, me: Me) -> None:
        self.me = me
        self._show()
        self.count_unread()

    def count_unread(self) -> None:
        """New messages per record whose mandate includes receiving them."""
        subjects = [s.subject_id for s in self.subjects if receives_notices(s)]
        if not subjects:
            return

        def request() -> dict[uuid.UUID, int]:
            counted = inbox.unread_counts(self.consent_app.client)
            return {subject: counted.get(subject, 0) for subject in subjects}

        self.call_api(request, self._counted, group="picker-count", failed=lambda _text: None)

    def _counted(self, unread: dict[uuid.UUID, int]) -> None:
        self.unread = unread
        self._show()

    @on(Button.Pressed, "#inbox")
    def open_inbox(self) -> None:
        from consent_app.screens.inbox import InboxScreen

        labels = {s.subject_id: s.label or "—" for s in self.subjects}
        self.app.push_screen(InboxScreen(labels))

    @on(OptionList.OptionSelected, "#subjects")
    def open_subject(self, event: OptionList.OptionSelected) -> None:
        from consent_app.screens.represented import RepresentedRecordScreen

        chosen = next((s for s in self.subjects if str(s.subject_id) == event.option.id), None)
        if chosen is not None:
            self.app.push_screen(RepresentedRecordScreen(chosen, self.me.account.id))

    @on(Button.Pressed, "#accept")
    def accept(self) -> None:
        from consent_app.screens.accept_invitation import AcceptInvitationScreen

        self.app.push_screen(AcceptInvitationScreen())
