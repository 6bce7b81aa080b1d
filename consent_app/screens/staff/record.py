"""One victim record, for support staff: its facts and what can be done with it."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.widgets import Button

from api_client.models import ActivationCode, Preferences, Subject, SubjectUpdate
from consent_app import summary
from consent_app.i18n import Msg, _, format_date
from consent_app.navigation import ScreenName
from consent_app.screens.one_time_code import CODE_HANDOVER
from consent_app.screens.staff.one_record import OneRecordScreen
from consent_app.widgets.button_row import button_row, message_and_buttons
from consent_app.widgets.field_message import FieldMessage
from consent_app.widgets.translatable import TranslatedText


class StaffRecordScreen(OneRecordScreen):
    WHY_WE_ASK: ClassVar[Msg] = Msg(
        "From here you can check representatives, fill in the choices together with the "
        "person, or note that the talk after their 18th birthday took place."
    )

    def __init__(self, subject: Subject) -> None:
        super().__init__(subject)
        self.preferences: Preferences | None = None
        self.choice_problem: Msg | None = None

    def compose_body(self) -> ComposeResult:
        yield TranslatedText(self._heading, id="heading", classes="heading")
        yield TranslatedText(self._facts, id="facts", classes="note")
        yield TranslatedText(self._choice, id="choice", classes="note")
        yield from message_and_buttons(
            (Msg("Fill in together"), "assisted"),
            (Msg("Representatives"), "delegations"),
            (Msg("New code"), "code"),
        )
        yield button_row((Msg("The talk took place"), "reconsent-done"), (Msg("Back"), "back"))

    def on_mount(self) -> None:
        self._show()
        self.query_one("#assisted", Button).focus()
        self.load_choice()

    def on_screen_resume(self) -> None:
        self.load_choice()  # after filling in together, the choice may have changed

    def load_choice(self) -> None:
        self.call_api(
            lambda: self.consent_app.client.get_preferences(self.subject.id),
            self._choice_loaded,
            group="staff-record-choice",
            failed=self._choice_failed,
        )

    def _choice_loaded(self, preferences: Preferences) -> None:
        self.preferences, self.choice_problem = preferences, None
        self.query_one("#choice", TranslatedText).retranslate()

    def _choice_failed(self, text: Msg) -> None:
        self.choice_problem = text
        self.query_one("#choice", TranslatedText).retranslate()

    def _choice(self) -> str:
        """The record's current choice, in the words staff read (see viewpoint.py)."""
        if self.choice_problem is not None:
            return str(self.choice_problem)
        if self.preferences is None:
            return _("Loading the choices…")
        return summary.with_version(self.preferences)

    def _heading(self) -> str:
        return _("Record %(reference)s") % {"reference": self.subject.reference}

    def _facts(self) -> str:
        subject = self.subject
        birth = format_date(subject.date_of_birth) if subject.date_of_birth else _("not known")
        lines = [
            _("Record number: %(id)s") % {"id": subject.id},
            _("Date of birth: %(date)s") % {"date": birth},
            _("Has an account: %(answer)s")
            % {"answer": _("yes") if subject.has_account else _("no")},
        ]
        if subject.needs_reconsent:
            lines.append(_("! Came of age: needs a safe talk about their choices."))
        return "\n".join(lines)

    def _show(self) -> None:
        self.query_one("#facts", TranslatedText).retranslate()
        self.query_one("#reconsent-done").display = self.subject.needs_reconsent

    def on_language_changed(self) -> None:
        self._show()
        self.query_one("#choice", TranslatedText).retranslate()

    @on(Button.Pressed, "#assisted")
    def assisted(self) -> None:
        self.consent_app.open_screen(ScreenName.assisted_start, self.subject)

    @on(Button.Pressed, "#delegations")
    def delegations(self) -> None:
        self.consent_app.open_screen(ScreenName.staff_delegations, self.subject)

    @on(Button.Pressed, "#code")
    def new_code(self) -> None:
        self.query_one("#code", Button).disabled = True
        self.issue_code()

    def issue_code(self) -> None:
        self.call_api(
            lambda: self.consent_app.client.issue_activation_code(self.subject.id, "victim"),
            self._show_code,
            group="staff-record-code",
            failed=self.button_failed("code"),
        )

    def _show_code(self, code: ActivationCode) -> None:
        self.query_one("#code", Button).disabled = False
        self.consent_app.open_screen(
            ScreenName.one_time_code,
            code.code,
            code.expires_at,
            heading=Msg(
                "Activation code for record %(reference)s", reference=self.subject.reference
            ),
            note=CODE_HANDOVER,
        )

    @on(Button.Pressed, "#reconsent-done")
    def reconsent_done(self) -> None:
        self.mark_talk_done()

    def mark_talk_done(self) -> None:
        self.call_api(
            lambda: self.consent_app.client.update_subject(
                self.subject.id, SubjectUpdate(needs_reconsent=False)
            ),
            self._talk_done,
            group="staff-record-reconsent",
        )

    def _talk_done(self, subject: Subject) -> None:
        self.subject = subject
        self._show()
        self.query_one("#message", FieldMessage).show(
            Msg("✓ Noted. The record is off the re-consent list.")
        )
        self.query_one("#back", Button).focus()
