"""The re-consent work-list: records whose victim came of age and needs a safe talk."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from api_client.models import Subject
from consent_app.i18n import Msg, _, format_date
from consent_app.navigation import ScreenName
from consent_app.screens.base import BACK_KEY
from consent_app.screens.loaded_list import LoadedListScreen
from consent_app.widgets.button_row import message_and_buttons
from consent_app.widgets.key_bar import KeyBar, KeyHint
from consent_app.widgets.option_lines import refill
from consent_app.widgets.translatable import TranslatedText


def subject_line(subject: Subject) -> str:
    birth = format_date(subject.date_of_birth) if subject.date_of_birth else _("not known")
    return _("%(reference)s · born %(date)s · account: %(account)s") % {
        "reference": subject.reference,
        "date": birth,
        "account": _("yes") if subject.has_account else _("no"),
    }


class ReconsentScreen(LoadedListScreen[list[Subject]]):
    CSS_PATH = Path(__file__).with_name("reconsent.tcss")
    HOLDS_PERSONAL_DATA = True
    WHY_WE_ASK: ClassVar[Msg] = Msg(
        "These people came of age. Their parent or guardian can no longer change their "
        "choices. Plan a safe, calm talk: they decide now, and 'decide later' is a fine answer."
    )
    KEY_HINTS: ClassVar[list[KeyHint]] = [("Enter", Msg("Open")), BACK_KEY]
    RELOAD_ON_RESUME = True  # back from a record: the talk may have taken place meanwhile

    def __init__(self) -> None:
        super().__init__()
        self.subjects: list[Subject] = []

    def compose_body(self) -> ComposeResult:
        yield TranslatedText(Msg("Re-consent list"), classes="heading")
        yield TranslatedText(self.intro, id="intro", classes="note")
        yield OptionList(id="subjects", compact=True)
        yield from message_and_buttons((Msg("Back"), "back"))

    def loaded_intro(self) -> str:
        if not self.subjects:
            return _("Nobody is waiting for a talk.")
        return _("Choose a record and press Enter to open it.")

    def request_list(self) -> list[Subject]:
        return self.consent_app.client.reconsent_list(limit=100).items

    def list_arrived(self, listed: list[Subject]) -> None:
        self.subjects = listed
        super().list_arrived(listed)

    def show_list(self) -> None:
        self.query_one("#intro", TranslatedText).retranslate()
        options = self.query_one("#subjects", OptionList)
        listed = refill(options, (Option(subject_line(s), id=str(s.id)) for s in self.subjects))
        self.query_one(KeyBar).show_key("Enter", listed)
        if listed:
            options.focus()

    @on(OptionList.OptionSelected, "#subjects")
    def open_subject(self, event: OptionList.OptionSelected) -> None:
        chosen = next((s for s in self.subjects if str(s.id) == event.option.id), None)
        if chosen is not None:
            self.consent_app.open_screen(ScreenName.staff_record, chosen)
