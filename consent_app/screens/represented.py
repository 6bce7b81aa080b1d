"""One record a representative acts for: only what the mandate allows.

- view: the choices in plain words and their history, read-only, with a sentence why;
- edit: the same, plus the questions (the wizard) for this record;
- only notices: a sentence saying they will be told, but may not see the choices.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button

from api_client.models import Permission, Preferences, SubjectAccess
from consent_app import access_words, summary
from consent_app.i18n import Msg, _
from consent_app.messages import Action
from consent_app.navigation import ScreenName
from consent_app.screens.base import AppScreen
from consent_app.sending import WizardStart
from consent_app.widgets.field_message import FieldMessage
from consent_app.widgets.translatable import TranslatedButton, TranslatedText

VIEW_ONLY = Msg("You may view these choices but not change them.")
NOTICES_ONLY = Msg(
    "You will be told about new findings for this person, but you may not see their choices."
)


class RepresentedRecordScreen(AppScreen):
    HOLDS_PERSONAL_DATA = True
    WHY_WE_ASK: ClassVar[Msg] = Msg(
        "These are the choices of the person you represent. What you may do was decided by "
        "them or by support staff. The person sees every change you make and can undo it."
    )

    def __init__(self, access: SubjectAccess, account_id: uuid.UUID) -> None:
        super().__init__()
        self.access = access
        self.account_id = account_id
        self.preferences: Preferences | None = None
        self.load_failed = False

    @property
    def may_view(self) -> bool:
        return Permission.view in self.access.permissions

    @property
    def may_edit(self) -> bool:
        return Permission.edit in self.access.permissions

    def compose_body(self) -> ComposeResult:
        yield TranslatedText(self._heading, id="heading", classes="heading")
        yield TranslatedText(self._permissions, id="permissions", classes="note")
        yield TranslatedText(self._summary, id="summary", classes="note")
        if not self.may_edit:
            yield TranslatedText(VIEW_ONLY if self.may_view else NOTICES_ONLY, id="why-not")
        yield FieldMessage(id="message", classes="-general")
        with Horizontal(classes="buttons"):
            if self.may_edit:
                yield TranslatedButton(Msg("Change the choices"), id="change", compact=True)
            if self.may_view:
                yield TranslatedButton(Msg("History"), id="history", compact=True)
            yield TranslatedButton(Msg("Back"), id="back", compact=True)

    def on_mount(self) -> None:
        self.query_one("#back", Button).focus()
        if self.may_edit:
            self.query_one("#change", Button).disabled = True
        if self.may_view:
            self.load()

    def on_screen_resume(self) -> None:
        if self.may_view:
            self.load()

    def _heading(self) -> str:
        return _("Record %(label)s") % {"label": self.access.label or "—"}

    def _permissions(self) -> str:
        return _("You may %(permissions)s.") % {
            "permissions": access_words.permissions_text(self.access.permissions)
        }

    def _summary(self) -> str:
        if not self.may_view or (self.preferences is None and self.load_failed):
            return ""  # a failed load says why in the message field, not "Loading…" forever
        if self.preferences is None:
            return _("Loading the choices…")
        return summary.with_version(self.preferences)

    def on_language_changed(self) -> None:
        self.query_one("#summary", TranslatedText).retranslate()

    def load(self) -> None:
        self.call_api(
            lambda: self.consent_app.client.get_preferences(self.access.subject_id),
            self._loaded,
            group="represented-load",
            action=Action.read_represented,
            failed=self._not_loaded,
        )

    def _not_loaded(self, message: Msg) -> None:
        self.load_failed = True
        self.query_one("#summary", TranslatedText).retranslate()
        self.show_message(message)

    def _loaded(self, preferences: Preferences) -> None:
        self.preferences = preferences
        self.load_failed = False
        self.query_one("#summary", TranslatedText).retranslate()
        if self.may_edit:
            change = self.query_one("#change", Button)
            change.disabled = False
            change.focus()

    @on(Button.Pressed, "#change")
    def change(self) -> None:
        self.open_wizard()

    def open_wizard(self) -> None:
        def request() -> WizardStart:
            app = self.consent_app
            subject_id = self.access.subject_id
            document = app.client.get_preferences(subject_id)
            waiting = app.sync.open_outbox().latest_write(subject_id)
            return WizardStart(
                subject_id, self.account_id, document, waiting, self.access.questions_changed
            )

        self.call_api(
            request,
            lambda start: self.consent_app.open_screen(ScreenName.wizard, start),
            group="represented-wizard",
            action=Action.read_represented,
        )

    @on(Button.Pressed, "#history")
    def history(self) -> None:
        # This record's history, not the account's own.
        self.consent_app.open_screen(ScreenName.history, subject_id=self.access.subject_id)
