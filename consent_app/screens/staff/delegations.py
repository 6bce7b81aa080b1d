"""Support staff check a record's representatives: mark one as checked (with the evidence
seen) or flag a conflict of interest."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.widgets import Button, Input, OptionList
from textual.widgets.option_list import Option

from api_client.models import Delegation, DelegationUpdate, Subject
from consent_app import access_words
from consent_app.i18n import Msg, _
from consent_app.navigation import ScreenName
from consent_app.screens.loaded_list import LoadedListScreen
from consent_app.screens.staff.one_record import OneRecordScreen
from consent_app.widgets.button_row import message_and_buttons
from consent_app.widgets.field_message import FieldMessage
from consent_app.widgets.field_row import field_with_message
from consent_app.widgets.option_lines import refill
from consent_app.widgets.text_field import TextField
from consent_app.widgets.translatable import TranslatedText

CONFLICT_EXPLAINED = Msg(
    "A conflict of interest means: this person may still look at the choices, but can no "
    "longer change them and is never told about new findings. Use it when, for example, the "
    "person may be involved in what happened."
)


class StaffDelegationsScreen(OneRecordScreen, LoadedListScreen[list[Delegation]]):
    CSS_PATH = Path(__file__).with_name("delegations.tcss")
    WHY_WE_ASK: ClassVar[Msg] = CONFLICT_EXPLAINED

    def __init__(self, subject: Subject) -> None:
        super().__init__(subject)
        self.delegations: list[Delegation] = []

    def compose_body(self) -> ComposeResult:
        yield TranslatedText(self._heading, classes="heading")
        yield TranslatedText(self.intro, id="intro", classes="note")
        yield OptionList(id="delegations", compact=True)
        yield from field_with_message(
            Msg("Evidence checked"),
            TextField(Msg("for example: court order seen"), id="evidence", max_length=300),
        )
        yield TranslatedText(CONFLICT_EXPLAINED, classes="note")
        yield from message_and_buttons(
            (Msg("Mark as checked"), "verify"),
            (Msg("Flag conflict of interest"), "conflict"),
            (Msg("Back"), "back"),
        )

    def _heading(self) -> str:
        return _("Representatives of record %(reference)s") % {"reference": self.subject.reference}

    def loaded_intro(self) -> str:
        if not self.delegations:
            return _("This record has no representatives.")
        return _("Choose a representative, then what you checked.")

    def request_list(self) -> list[Delegation]:
        return self.consent_app.client.list_delegations(self.subject.id)

    def list_arrived(self, listed: list[Delegation]) -> None:
        self.delegations = [d for d in listed if d.active]
        super().list_arrived(listed)

    def show_list(self) -> None:
        self.query_one("#intro", TranslatedText).retranslate()
        options = self.query_one("#delegations", OptionList)
        lines = (Option(access_words.delegation_line(d), id=str(d.id)) for d in self.delegations)
        refill(options, lines, keep_place=True)
        for button in ("#verify", "#conflict"):
            self.query_one(button).display = bool(self.delegations)
        if self.delegations:
            options.focus()

    def _chosen(self) -> Delegation | None:
        index = self.query_one("#delegations", OptionList).highlighted
        if index is None or index >= len(self.delegations):
            return None
        return self.delegations[index]

    @on(Button.Pressed, "#verify")
    def verify(self) -> None:
        chosen = self._chosen()
        evidence = self.query_one("#evidence", Input).value.strip()
        if chosen is None:
            return
        if len(evidence) < 2:
            self.query_one("#evidence-message", FieldMessage).show(
                Msg("Please write down what you checked.")
            )
            return
        self.query_one("#evidence-message", FieldMessage).clear()
        self.update(chosen, DelegationUpdate(verified=True, evidence=evidence))

    @on(Button.Pressed, "#conflict")
    def conflict(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.update(chosen, DelegationUpdate(conflict_of_interest=True))

        self.consent_app.open_screen(
            ScreenName.confirm,
            CONFLICT_EXPLAINED,
            Msg("Flag a conflict of interest"),
            Msg("Cancel"),
            callback=confirmed,
        )

    def update(self, delegation: Delegation, body: DelegationUpdate) -> None:
        def request() -> list[Delegation]:
            client = self.consent_app.client
            client.update_delegation(self.subject.id, delegation.id, body)
            return client.list_delegations(self.subject.id)

        self.call_api(
            request, self._updated, group="staff-delegations-update", failed=self.show_failure
        )

    def _updated(self, delegations: list[Delegation]) -> None:
        self.query_one("#evidence", Input).value = ""
        self.query_one("#message", FieldMessage).show(Msg("✓ Saved."))
        self.list_arrived(delegations)
